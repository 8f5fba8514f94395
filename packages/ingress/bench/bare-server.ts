// The bare limit, for comparison only: node:http, read the raw body, verify one v1 HMAC with node:crypto,
// JSON.parse, answer 200. It stores nothing and checks nothing else: no ingress can be cheaper per event.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_PATH } from '@event-lake/lake-format';

export async function startBareServer(secret: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = String(req.headers['stripe-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1];
      const v1 = Buffer.from(/v1=([0-9a-f]{64})/.exec(header)?.[1] ?? '', 'hex');
      const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
      if (v1.length !== expected.length || !timingSafeEqual(v1, expected)) {
        res.writeHead(400).end();
        return;
      }
      JSON.parse(body.toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`, server };
}
