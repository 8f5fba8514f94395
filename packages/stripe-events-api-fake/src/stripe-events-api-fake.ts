// A local HTTP server implementing the part of Stripe's API the audit, the backfill and import-objects
// use: `GET /v1/events` and `GET /v1/events/:id` (snapshot events, see v1-events.ts), `GET /v2/core/events`
// and `GET /v2/core/events/:id` (thin events, see v2-events.ts), and the object lists such as
// `GET /v1/customers` (see v1-objects.ts), per account with the `Stripe-Account` header. Answers use Stripe's envelopes and error
// shapes, so stripe-node talks to it unchanged through its host/port/protocol settings. Faults (429, 5xx)
// can be queued to exercise retries. Test and demo support only: never part of a deployable.
import { once } from 'node:events';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FakeHttpError, notFound } from './fake-errors.js';
import { listV1Events, sortV1, type FakeStoredEvent } from './v1-events.js';
import { listV2Events, sortV2, type FakeThinEvent } from './v2-events.js';
import { listObjects, objectTypeAt, sortObjects, type FakeStripeObject } from './v1-objects.js';

/** A queued failure: the next `count` matching requests get this answer instead of the real one. */
export interface FakeFault {
  readonly status: 429 | 500 | 502 | 503;
  readonly count?: number;
  /** Sent as `Stripe-Should-Retry` (stripe-node honours it before its own rules). */
  readonly shouldRetry?: boolean;
  /** Only requests whose path starts with this (default: every path). */
  readonly pathPrefix?: string;
  /** Let this many matching requests through first (a failure in the middle of a listing). */
  readonly after?: number;
}

export interface FakeRequestLog {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly status: number;
}

export interface StripeEventsApiFakeOptions {
  readonly events?: readonly FakeStoredEvent[];
  readonly thinEvents?: readonly FakeThinEvent[];
  /** The API key requests must carry as `Authorization: Bearer …`; any non-empty key when omitted. */
  readonly apiKey?: string;
  /** The platform account's objects, listed by `GET /v1/customers` and the like. */
  readonly objects?: readonly FakeStripeObject[];
  /** Connected accounts (acct_…) and their objects, listed with `Stripe-Account: acct_…`. */
  readonly accounts?: Readonly<Record<string, readonly FakeStripeObject[]>>;
}

export interface StripeEventsApiFake {
  readonly server: http.Server;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  addEvents(events: readonly FakeStoredEvent[]): void;
  addThinEvents(events: readonly FakeThinEvent[]): void;
  /** Adds or replaces (by id) objects of the platform, or of connected account `account`. */
  addObjects(objects: readonly FakeStripeObject[], account?: string): void;
  injectFault(fault: FakeFault): void;
  clearFaults(): void;
  /** Every request answered so far, in order (faults included). */
  readonly requests: readonly FakeRequestLog[];
}

export function createStripeEventsApiFake(options: StripeEventsApiFakeOptions = {}): StripeEventsApiFake {
  const snapshots = new Map<string, FakeStoredEvent>();
  const thins = new Map<string, FakeThinEvent>();
  // Kept sorted the way Stripe lists.
  let v1: FakeStoredEvent[] = [];
  let v2: FakeThinEvent[] = [];
  const faults: { fault: FakeFault; remaining: number; skip: number }[] = [];
  const requests: FakeRequestLog[] = [];

  const addEvents = (events: readonly FakeStoredEvent[]) => {
    for (const e of events) snapshots.set(e.event.id, e);
    v1 = sortV1(snapshots.values());
  };
  const addThinEvents = (events: readonly FakeThinEvent[]) => {
    for (const e of events) thins.set(e.id, e);
    v2 = sortV2(thins.values());
  };
  addEvents(options.events ?? []);
  addThinEvents(options.thinEvents ?? []);
  // Per account ('' is the platform), per object type, sorted the way Stripe lists.
  const objects = new Map<string, Map<string, Map<string, FakeStripeObject>>>([['', new Map()]]);
  const sortedObjects = new Map<string, FakeStripeObject[]>();
  const addObjects = (list: readonly FakeStripeObject[], account = '') => {
    const byType = objects.get(account) ?? new Map<string, Map<string, FakeStripeObject>>();
    objects.set(account, byType);
    for (const o of list) {
      const byId = byType.get(o.object) ?? new Map<string, FakeStripeObject>();
      byType.set(o.object, byId);
      byId.set(o.id, o);
      sortedObjects.delete(`${account}/${o.object}`);
    }
  };
  const objectsOf = (account: string, type: string): FakeStripeObject[] => {
    const key = `${account}/${type}`;
    let sorted = sortedObjects.get(key);
    if (!sorted) {
      sorted = sortObjects(objects.get(account)?.get(type)?.values() ?? []);
      sortedObjects.set(key, sorted);
    }
    return sorted;
  };
  addObjects(options.objects ?? []);
  for (const [account, list] of Object.entries(options.accounts ?? {})) addObjects(list, account);

  const route = (method: string, url: URL, account: string, key: string): unknown => {
    if (method !== 'GET') {
      throw new FakeHttpError(405, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` });
    }
    if (url.pathname === '/v1/events') return listV1Events(v1, url.searchParams);
    if (url.pathname === '/v2/core/events') return listV2Events(v2, url.searchParams);
    const objectType = objectTypeAt(url.pathname);
    if (objectType) {
      if (!objects.has(account)) {
        // Stripe's wording, with the key masked as Stripe masks it: callers must not print it even so.
        throw new FakeHttpError(403, {
          type: 'invalid_request_error',
          message: `The provided key '${maskKey(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
        });
      }
      return listObjects(objectType, objectsOf(account, objectType), url.searchParams);
    }
    const one = /^\/(v1\/events|v2\/core\/events)\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const id = decodeURIComponent(one[2]!);
      const found = one[1] === 'v1/events' ? snapshots.get(id)?.event : thins.get(id);
      if (!found) throw notFound(id);
      return found;
    }
    throw new FakeHttpError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${url.pathname}).` });
  };

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
      const account = req.headers['stripe-account'];
      send(200, route(req.method ?? '', url, typeof account === 'string' ? account : '', bearer(req.headers.authorization)));
    } catch (err) {
      if (err instanceof FakeHttpError) send(err.status, { error: err.body });
      else send(500, { error: { type: 'api_error', message: 'An unknown error occurred.' } });
    }
  });

  return {
    server,
    requests,
    addEvents,
    addThinEvents,
    addObjects,
    injectFault(fault) {
      faults.push({ fault, remaining: fault.count ?? 1, skip: fault.after ?? 0 });
    },
    clearFaults() {
      faults.length = 0;
    },
    async listen(port = 0, host = '127.0.0.1') {
      server.listen(port, host);
      await once(server, 'listening'); // rejects on 'error', e.g. EADDRINUSE
      const bound = (server.address() as AddressInfo).port;
      return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function bearer(header: string | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
}

/** Stripe shows a key's prefix and last four characters in error messages. */
function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function authenticate(header: string | undefined, expected: string | undefined): void {
  const key = bearer(header);
  if (!key || (expected !== undefined && key !== expected)) {
    throw new FakeHttpError(401, {
      type: 'invalid_request_error',
      message: key ? 'Invalid API Key provided.' : 'You did not provide an API key.',
    });
  }
}

function takeFault(faults: { fault: FakeFault; remaining: number; skip: number }[], path: string): FakeFault | undefined {
  const matches = (f: { fault: FakeFault }) => path.startsWith(f.fault.pathPrefix ?? '/');
  const i = faults.findIndex((f) => f.skip === 0 && matches(f));
  // Every matching request counts towards the requests a delayed fault lets through.
  for (const f of faults) if (f.skip > 0 && matches(f)) f.skip -= 1;
  if (i < 0) return undefined;
  const entry = faults[i]!;
  entry.remaining -= 1;
  if (entry.remaining <= 0) faults.splice(i, 1);
  return entry.fault;
}
