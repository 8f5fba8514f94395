// `pnpm --filter @event-lake/ingress bench:memory`: what the ingress really holds while deliveries wait
// for Firehose, against what its byte budgets count. The real ingress (startIngress, real AWS SDK) writes
// to firehose-local in its own process, told to accept calls and never answer, so every delivery stays in
// flight; the measurement is heap + Buffer memory after a full GC, minus the same before the requests.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../src/config.js';
import { startIngress } from '../src/main.js';
import { liveBytes } from '../test/held-memory.js';
import { jsonHeaders, send } from '../test/http-client.js';
import { SECRET_A, signatureHeader, snapshotEventBody } from '@event-lake/test-kit';

const EVENT_BYTES = Number(process.env['BENCH_EVENT_BYTES'] ?? 600 * 1024);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 80);

const lakeDir = await mkdtemp(join(tmpdir(), 'ingress-memory-'));
const child = fork(fileURLToPath(new URL('./firehose-local-child.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'], env: { ...process.env, LAKE_DIR: lakeDir, FIREHOSE_LOCAL_HANG: 'true' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const { url: firehoseUrl } = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
const config = loadConfig({
  PORT: '0', STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl,
  INGRESS_REQUEST_DEADLINE_MS: '60000', FIREHOSE_REQUEST_TIMEOUT_MS: '60000', INGRESS_SHUTDOWN_TIMEOUT_MS: '0',
});
const registry = new Registry();
const ingress = await startIngress(config, { logger: pino({ level: 'silent' }), registry, host: '127.0.0.1' });

const bodies = Array.from({ length: EVENTS }, () => Buffer.from(snapshotEventBody({}, EVENT_BYTES)));
const headers = bodies.map((b) => jsonHeaders(signatureHeader(b, SECRET_A, Math.floor(Date.now() / 1000))));
const before = liveBytes();
const answers = bodies.map((body, i) => send(ingress.url, { headers: headers[i]!, body }).catch(() => undefined));
// Every delivery is in flight once the writer's counted bytes stop growing.
let counted = -1;
for (let stable = 0; stable < 5; ) {
  await new Promise((r) => setTimeout(r, 200));
  const now = ingress.writer.inFlightBytes();
  stable = now === counted ? stable + 1 : 0;
  counted = now;
}
const held = liveBytes() - before;
const bodyBytes = bodies.reduce((n, b) => n + b.length, 0);
process.stdout.write([
  `${EVENTS} deliveries of ${(EVENT_BYTES / 1024).toFixed(0)} KiB waiting for Firehose (calls accepted, never answered):`,
  `  received body bytes            ${(bodyBytes / 2 ** 20).toFixed(1)} MiB`,
  `  counted by the writer budget   ${(counted / 2 ** 20).toFixed(1)} MiB (encoded lines, escaped)`,
  `  held (heap + Buffers, after GC) ${(held / 2 ** 20).toFixed(1)} MiB = ${(held / counted).toFixed(2)}x counted`,
  '',
].join('\n'));
ingress.server.closeAllConnections();
child.kill('SIGKILL');
await Promise.race([ingress.close(), new Promise((r) => setTimeout(r, 1000))]);
void answers;
await rm(lakeDir, { recursive: true, force: true });
process.exit(0);
