// A consumer endpoint for tests: verifies every request with stripe-node exactly as a consumer would
// (constructEvent for snapshot events, parseEventNotification for thin ones), records what arrived and
// when, tracks how many requests were open at once, and answers what the test scripts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface Received {
  readonly id: string | undefined;
  readonly path: string;
  /** performance.now() when the request's headers arrived. */
  readonly arrivedAt: number;
  readonly body: Buffer;
  readonly headers: IncomingMessage['headers'];
  /** stripe-node accepted the signature (snapshot: constructEvent; thin: parseEventNotification). */
  readonly verified: boolean;
  /** What the receiver answered. */
  readonly status: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** The most requests open at the same time. */
  readonly maxOpen: () => number;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  readonly secret: string;
  /** Status to answer for the n-th request (from 1) carrying this event id; default 200. */
  readonly answer?: (id: string | undefined, nthForId: number) => number;
  /** Hold each answer this long, so concurrent requests overlap. */
  readonly delayMs?: number;
}

const stripe = new Stripe('sk_test_receiver_only_verifies');

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  let open = 0;
  let maxOpen = 0;
  const server: Server = createServer((req, res) => {
    const arrivedAt = performance.now();
    open++;
    maxOpen = Math.max(maxOpen, open);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { id, verified } = verify(body, req.headers['stripe-signature'], options.secret);
      const nth = (seen.get(id ?? '') ?? 0) + 1;
      seen.set(id ?? '', nth);
      const status = verified ? (options.answer?.(id, nth) ?? 200) : 400;
      received.push({ id, path: req.url ?? '', arrivedAt, body, headers: req.headers, verified, status });
      setTimeout(() => {
        open--;
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    maxOpen: () => maxOpen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function verify(body: Buffer, header: string | string[] | undefined, secret: string): { id: string | undefined; verified: boolean } {
  let object: unknown;
  let id: string | undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { object?: unknown; id?: unknown };
    object = parsed.object;
    id = typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return { id: undefined, verified: false };
  }
  if (typeof header !== 'string') return { id, verified: false };
  try {
    if (object === 'v2.core.event') stripe.parseEventNotification(body, header, secret);
    else stripe.webhooks.constructEvent(body, header, secret);
    return { id, verified: true };
  } catch {
    return { id, verified: false };
  }
}

/** The largest number of `times` (ms) inside any window [t, t + windowMs], t at any offset. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! > windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
