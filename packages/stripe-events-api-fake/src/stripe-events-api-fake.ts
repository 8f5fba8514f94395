// A local HTTP server implementing the part of Stripe's Events API the audit and the backfill use:
// `GET /v1/events` and `GET /v1/events/:id` (snapshot events, see v1-events.ts), `GET /v2/core/events`
// and `GET /v2/core/events/:id` (thin events, see v2-events.ts). Answers use Stripe's envelopes and error
// shapes, so stripe-node talks to it unchanged through its host/port/protocol settings. Faults (429, 5xx)
// can be queued to exercise retries. Test and demo support only: never part of a deployable.
import { once } from 'node:events';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FakeHttpError, notFound } from './fake-errors.js';
import { listV1Events, sortV1, type FakeStoredEvent } from './v1-events.js';
import { listV2Events, sortV2, type FakeThinEvent } from './v2-events.js';

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
  readonly thinEvents?: readonly FakeThinEvent[];
  /** The API key requests must carry as `Authorization: Bearer …`; any non-empty key when omitted. */
  readonly apiKey?: string;
}

export interface StripeEventsApiFake {
  readonly server: http.Server;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  addEvents(events: readonly FakeStoredEvent[]): void;
  addThinEvents(events: readonly FakeThinEvent[]): void;
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
  const faults: { fault: FakeFault; remaining: number }[] = [];
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

  const route = (method: string, url: URL): unknown => {
    if (method !== 'GET') {
      throw new FakeHttpError(405, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` });
    }
    if (url.pathname === '/v1/events') return listV1Events(v1, url.searchParams);
    if (url.pathname === '/v2/core/events') return listV2Events(v2, url.searchParams);
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
      send(200, route(req.method ?? '', url));
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
    injectFault(fault) {
      faults.push({ fault, remaining: fault.count ?? 1 });
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
