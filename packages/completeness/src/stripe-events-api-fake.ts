// A local HTTP server implementing the part of Stripe's Events API the audit and the backfill use:
// `GET /v1/events` (list, newest first, `created` range filters, `limit`, `starting_after`/`ending_before`
// cursors, `delivery_success`, `type` with `*` wildcard, `types[]`) and `GET /v1/events/:id`.
// Answers use Stripe's envelopes and error shapes, so stripe-node talks to it unchanged through its
// host/port/protocol settings. Faults (429, 5xx) can be queued to exercise retries. Used by the tests and
// by `pnpm --filter @event-lake/completeness fake-stripe` for demos.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

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

/** A queued failure: the next `count` matching requests get this answer instead of the real one. */
export interface FakeFault {
  readonly status: 429 | 500 | 502 | 503;
  readonly count?: number;
  /** Sent as `Stripe-Should-Retry` (stripe-node honours it before its own rules). */
  readonly shouldRetry?: boolean;
  /** Only requests whose path starts with this (default: every path). */
  readonly pathPrefix?: string;
}

export interface FakeRequestLog {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly status: number;
}

export interface StripeEventsApiFakeOptions {
  readonly events?: readonly FakeStoredEvent[];
  /** The API key requests must carry as `Authorization: Bearer …`; any non-empty key when omitted. */
  readonly apiKey?: string;
}

export interface StripeEventsApiFake {
  readonly server: http.Server;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  addEvents(events: readonly FakeStoredEvent[]): void;
  injectFault(fault: FakeFault): void;
  clearFaults(): void;
  /** Every request answered so far, in order (faults included). */
  readonly requests: readonly FakeRequestLog[];
}

interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'authentication_error';
  message: string;
  code?: string;
  param?: string;
}

class FakeHttpError extends Error {
  constructor(readonly status: number, readonly body: StripeErrorBody) {
    super(body.message);
  }
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;
const MAX_TYPES = 20;

export function createStripeEventsApiFake(options: StripeEventsApiFakeOptions = {}): StripeEventsApiFake {
  // Kept sorted the way Stripe lists: newest first; ties broken by id so pages are stable.
  let stored: FakeStoredEvent[] = [];
  const byId = new Map<string, FakeStoredEvent>();
  const faults: { fault: FakeFault; remaining: number }[] = [];
  const requests: FakeRequestLog[] = [];

  const addEvents = (events: readonly FakeStoredEvent[]) => {
    for (const e of events) byId.set(e.event.id, e);
    stored = [...byId.values()].sort(
      (a, b) => b.event.created - a.event.created || (a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0),
    );
  };
  addEvents(options.events ?? []);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, status });
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(7).toString('hex')}`,
        ...headers,
      });
      res.end(JSON.stringify(body, null, 2));
    };
    try {
      authenticate(req.headers.authorization, options.apiKey);
      const fault = takeFault(faults, url.pathname);
      if (fault) {
        const headers: Record<string, string> = fault.shouldRetry === undefined ? {} : { 'stripe-should-retry': String(fault.shouldRetry) };
        if (fault.status === 429) {
          send(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } }, headers);
        } else {
          send(fault.status, { error: { type: 'api_error', message: 'An unknown error occurred on our side (injected fault).' } }, headers);
        }
        return;
      }
      if (req.method !== 'GET') {
        throw new FakeHttpError(405, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` });
      }
      if (url.pathname === '/v1/events') {
        send(200, listEvents(stored, url.searchParams));
        return;
      }
      const one = /^\/v1\/events\/([^/]+)$/.exec(url.pathname);
      if (one) {
        const id = decodeURIComponent(one[1]!);
        const found = byId.get(id);
        if (!found) throw new FakeHttpError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such event: '${id}'` });
        send(200, found.event);
        return;
      }
      throw new FakeHttpError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${url.pathname}).` });
    } catch (err) {
      if (err instanceof FakeHttpError) send(err.status, { error: err.body });
      else send(500, { error: { type: 'api_error', message: 'An unknown error occurred.' } });
    }
  });

  return {
    server,
    requests,
    addEvents,
    injectFault(fault) {
      faults.push({ fault, remaining: fault.count ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function authenticate(header: string | undefined, expected: string | undefined): void {
  const key = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!key || (expected !== undefined && key !== expected)) {
    throw new FakeHttpError(401, {
      type: 'invalid_request_error',
      message: key ? 'Invalid API Key provided.' : 'You did not provide an API key.',
    });
  }
}

function takeFault(faults: { fault: FakeFault; remaining: number }[], path: string): FakeFault | undefined {
  const i = faults.findIndex((f) => path.startsWith(f.fault.pathPrefix ?? '/'));
  if (i < 0) return undefined;
  const entry = faults[i]!;
  entry.remaining -= 1;
  if (entry.remaining <= 0) faults.splice(i, 1);
  return entry.fault;
}

function listEvents(stored: readonly FakeStoredEvent[], q: URLSearchParams) {
  const limit = parseLimit(q.get('limit'));
  const filter = parseFilter(q);
  const matching = stored.filter(filter);
  const startingAfter = q.get('starting_after');
  const endingBefore = q.get('ending_before');
  if (startingAfter && endingBefore) {
    throw new FakeHttpError(400, { type: 'invalid_request_error', message: 'You may only specify one of these parameters: ending_before, starting_after.' });
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

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT) {
    throw new FakeHttpError(400, { type: 'invalid_request_error', param: 'limit', message: `Invalid integer: ${raw}; limit must be between 1 and ${MAX_LIMIT}.` });
  }
  return n;
}

function parseFilter(q: URLSearchParams): (e: FakeStoredEvent) => boolean {
  const checks: ((e: FakeStoredEvent) => boolean)[] = [];
  const exact = q.get('created');
  if (exact !== null) {
    const t = parseTimestamp(exact, 'created');
    checks.push((e) => e.event.created === t);
  }
  const ops: [string, (a: number, b: number) => boolean][] = [
    ['gt', (a, b) => a > b], ['gte', (a, b) => a >= b], ['lt', (a, b) => a < b], ['lte', (a, b) => a <= b],
  ];
  for (const [op, cmp] of ops) {
    const raw = q.get(`created[${op}]`);
    if (raw === null) continue;
    const t = parseTimestamp(raw, `created[${op}]`);
    checks.push((e) => cmp(e.event.created, t));
  }
  const delivery = q.get('delivery_success');
  if (delivery !== null) {
    if (delivery !== 'true' && delivery !== 'false') {
      throw new FakeHttpError(400, { type: 'invalid_request_error', param: 'delivery_success', message: `Invalid boolean: ${delivery}` });
    }
    const wanted = delivery === 'true';
    checks.push((e) => e.deliverySuccess === wanted);
  }
  const type = q.get('type');
  const types = [...q.entries()].filter(([k]) => /^types\[\d*\]$/.test(k)).map(([, v]) => v);
  if (type !== null && types.length > 0) {
    throw new FakeHttpError(400, { type: 'invalid_request_error', message: 'You may pass either `type` or `types`, but not both.' });
  }
  if (types.length > MAX_TYPES) {
    throw new FakeHttpError(400, { type: 'invalid_request_error', param: 'types', message: `types may contain at most ${MAX_TYPES} event types.` });
  }
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
  if (!/^\d+$/.test(raw)) throw new FakeHttpError(400, { type: 'invalid_request_error', param, message: `Invalid integer: ${raw}` });
  return Number(raw);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
