// One attempt over real HTTP: what is sent, and how an answer, a hang or a refused connection is reported.
import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpSender } from '../src/http-sender.js';
import type { ReplayEvent } from '../src/select-events.js';
import { startReceiver, type Receiver } from './verifying-receiver.js';

const SECRET = 'whsec_http_sender_secret_0123456789';
const body = '{\n  "id": "evt_http_1",\n  "object": "event",\n  "type": "invoice.paid",\n  "created": 1767225600,\n  "livemode": false,\n  "data": { "object": { "note": "Café ☕" } }\n}';
const event: ReplayEvent = { id: 'evt_http_1', type: 'invoice.paid', created: '2026-01-01T00:00:00.000Z', source: 'webhook', body: Buffer.from(body) };

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createHttpSender', () => {
  it('POSTs the bytes unchanged with a signature stripe-node accepts, and reports the 2xx', async () => {
    const consumer: Receiver = await startReceiver({ secret: SECRET });
    closers.push(() => consumer.close());
    const send = createHttpSender({ url: new URL(`${consumer.url}/in?a=1&b=%20`), secret: SECRET, timeoutMs: 5000 });
    expect(await send(event)).toEqual({ ok: true, status: 200 });
    const [r] = consumer.received;
    expect(r).toMatchObject({ verified: true, path: '/in?a=1&b=%20' });
    expect(r!.body.equals(event.body)).toBe(true);
    expect(r!.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('reports a non-2xx status with the Retry-After the consumer asked for', async () => {
    const url = await listen(createServer((_, res) => res.writeHead(429, { 'retry-after': '7' }).end()));
    expect(await createHttpSender({ url: new URL(url), secret: SECRET, timeoutMs: 5000 })(event)).toEqual({ ok: false, status: 429, retryAfterMs: 7000 });
  });

  it('gives up on a consumer that does not answer within the timeout', async () => {
    const url = await listen(createServer(() => undefined)); // never answers
    expect(await createHttpSender({ url: new URL(url), secret: SECRET, timeoutMs: 200 })(event)).toEqual({ ok: false, status: 'timeout after 0.2 s' });
  });

  it('reports a refused connection by its code', async () => {
    const url = await listen(createServer());
    await closers.pop()!(); // closed again: nothing listens on that port now
    expect(await createHttpSender({ url: new URL(url), secret: SECRET, timeoutMs: 2000 })(event)).toEqual({ ok: false, status: 'ECONNREFUSED' });
  });
});
