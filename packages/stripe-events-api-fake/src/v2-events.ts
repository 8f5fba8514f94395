// `GET /v2/core/events` of the fake: thin events newest first, `created[gt|gte|lt|lte]` as RFC 3339
// timestamps (v2 timestamps are strings, like the events' own `created`), `types` (up to 20), `limit`,
// and paging the v2 way: each page carries `next_page_url` with an opaque `page` token that holds the
// filters, so a client follows the URL as it is (stripe-node's V2 list iterator does).
import { badRequest, parseLimit, parseTypes, RANGE_OPS } from './fake-errors.js';

export interface FakeThinEvent {
  readonly id: string;
  readonly object: 'v2.core.event';
  readonly type: string;
  /** RFC 3339, millisecond precision. */
  readonly created: string;
  readonly [key: string]: unknown;
}

const PATH = '/v2/core/events';
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
const MAX_TYPES = 20;

interface PageToken {
  /** The first request's query (filters and limit). */
  readonly q: string;
  readonly offset: number;
}

/** Newest first; ties broken by id so pages are stable. */
export function sortV2(events: Iterable<FakeThinEvent>): FakeThinEvent[] {
  return [...events].sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export function listV2Events(stored: readonly FakeThinEvent[], query: URLSearchParams) {
  const token = query.get('page');
  const { q, offset } = token === null ? { q: query, offset: 0 } : decodePage(token);
  const limit = parseLimit(q.get('limit'), DEFAULT_LIMIT, MAX_LIMIT);
  const matching = stored.filter(parseFilter(q));
  const data = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? encodePage({ q: q.toString(), offset: offset + limit }) : null;
  return { data, next_page_url: next === null ? null : `${PATH}?page=${next}`, previous_page_url: null };
}

function encodePage(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePage(raw: string): { q: URLSearchParams; offset: number } {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    if (typeof token.q === 'string' && Number.isInteger(token.offset) && token.offset >= 0) {
      return { q: new URLSearchParams(token.q), offset: token.offset };
    }
  } catch {
    // fall through
  }
  throw badRequest('Invalid page token.', 'page');
}

function parseFilter(q: URLSearchParams): (e: FakeThinEvent) => boolean {
  const checks: ((e: FakeThinEvent) => boolean)[] = [];
  for (const [op, cmp] of RANGE_OPS) {
    const raw = q.get(`created[${op}]`);
    if (raw === null) continue;
    const t = parseRfc3339(raw, `created[${op}]`);
    checks.push((e) => cmp(Date.parse(e.created), t));
  }
  const types = parseTypes(q, MAX_TYPES);
  if (types.length > 0) {
    const set = new Set(types);
    checks.push((e) => set.has(e.type));
  }
  return (e) => checks.every((check) => check(e));
}

function parseRfc3339(raw: string, param: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`Invalid timestamp: ${raw}; expected RFC 3339, e.g. 2026-11-20T10:00:00.000Z.`, param);
  return ms;
}
