// `GET /v1/events` of the fake: newest first, `created` range filters (epoch seconds), `limit`,
// `starting_after`/`ending_before` cursors, `delivery_success`, `type` with `*` wildcard and `types[]`.
import { badRequest, FakeHttpError, parseLimit, parseTypes, RANGE_OPS } from './fake-errors.js';

/** One stored event: the JSON object Stripe returns, plus whether all its webhook deliveries succeeded. */
export interface FakeStoredEvent {
  readonly event: FakeStripeEvent;
  readonly deliverySuccess: boolean;
}

export interface FakeStripeEvent {
  readonly id: string;
  readonly object: 'event';
  readonly type: string;
  readonly created: number;
  readonly [key: string]: unknown;
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;
const MAX_TYPES = 20;

/** Newest first; ties broken by id so pages are stable. */
export function sortV1(events: Iterable<FakeStoredEvent>): FakeStoredEvent[] {
  return [...events].sort(
    (a, b) => b.event.created - a.event.created || (a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0),
  );
}

export function listV1Events(stored: readonly FakeStoredEvent[], q: URLSearchParams) {
  const limit = parseLimit(q.get('limit'), DEFAULT_LIMIT, MAX_LIMIT);
  const matching = stored.filter(parseFilter(q));
  const startingAfter = q.get('starting_after');
  const endingBefore = q.get('ending_before');
  if (startingAfter && endingBefore) {
    throw badRequest('You may only specify one of these parameters: ending_before, starting_after.');
  }
  let page: readonly FakeStoredEvent[];
  let hasMore: boolean;
  if (endingBefore) {
    // The `limit` objects just before the cursor (newer ones), still in newest-first order.
    const end = cursorIndex(matching, endingBefore, 'ending_before');
    const start = Math.max(0, end - limit);
    page = matching.slice(start, end);
    hasMore = start > 0;
  } else {
    const start = startingAfter ? cursorIndex(matching, startingAfter, 'starting_after') + 1 : 0;
    page = matching.slice(start, start + limit);
    hasMore = start + limit < matching.length;
  }
  return { object: 'list', data: page.map((e) => e.event), has_more: hasMore, url: '/v1/events' };
}

function cursorIndex(list: readonly FakeStoredEvent[], id: string, param: string): number {
  const i = list.findIndex((e) => e.event.id === id);
  if (i < 0) throw new FakeHttpError(400, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such event: '${id}'` });
  return i;
}

function parseFilter(q: URLSearchParams): (e: FakeStoredEvent) => boolean {
  const checks: ((e: FakeStoredEvent) => boolean)[] = [];
  const exact = q.get('created');
  if (exact !== null) {
    const t = parseTimestamp(exact, 'created');
    checks.push((e) => e.event.created === t);
  }
  for (const [op, cmp] of RANGE_OPS) {
    const raw = q.get(`created[${op}]`);
    if (raw === null) continue;
    const t = parseTimestamp(raw, `created[${op}]`);
    checks.push((e) => cmp(e.event.created, t));
  }
  const delivery = q.get('delivery_success');
  if (delivery !== null) {
    if (delivery !== 'true' && delivery !== 'false') throw badRequest(`Invalid boolean: ${delivery}`, 'delivery_success');
    const wanted = delivery === 'true';
    checks.push((e) => e.deliverySuccess === wanted);
  }
  const type = q.get('type');
  const types = parseTypes(q, MAX_TYPES);
  if (type !== null && types.length > 0) throw badRequest('You may pass either `type` or `types`, but not both.');
  if (type !== null) {
    const pattern = new RegExp(`^${type.split('*').map(escapeRegExp).join('.*')}$`);
    checks.push((e) => pattern.test(e.event.type));
  }
  if (types.length > 0) {
    const set = new Set(types);
    checks.push((e) => set.has(e.event.type));
  }
  return (e) => checks.every((check) => check(e));
}

function parseTimestamp(raw: string, param: string): number {
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid integer: ${raw}`, param);
  return Number(raw);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
