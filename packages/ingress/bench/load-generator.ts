// The benchmark's load generator, in its own process so it does not share the servers' event loop.
// Receives a job over IPC, answers { ready }, waits for { go }, sends signed 2-5 KB pretty-printed events
// over `concurrency` keep-alive connections (an undici Pool: a cheaper client than node:http, so the
// generator takes less of the shared CPU), and reports status counts and latencies.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { snapshotEvent, TEST_API_VERSION } from '@event-lake/stripe-samples';

export interface LoadJob {
  url: string;
  secret: string;
  requests: number;
  concurrency: number;
  minBytes: number;
  maxBytes: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  /** CPU the load generator itself used, ms. */
  cpuMs: number;
}

/** A payment_intent.succeeded event from the one generator, its metadata padded to about `size` characters. */
function event(size: number): string {
  const base = snapshotEvent('payment_intent.succeeded', { apiVersion: TEST_API_VERSION, metadata: { note: '' } });
  const metadata = (base['data'] as { object: { metadata: Record<string, string> } }).object.metadata;
  const bare = JSON.stringify(base, null, 2).length;
  metadata['note'] = 'Lorem ipsum dolor sit amet, café ☕ '.repeat(Math.max(0, Math.ceil((size - bare) / 36))).slice(0, Math.max(0, size - bare));
  return JSON.stringify(base, null, 2);
}

async function run(job: LoadJob, bodies: string[]): Promise<LoadResult> {
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: job.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const one = async (body: string): Promise<number> => {
    const t = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', job.secret).update(`${t}.${body}`).digest('hex');
    try {
      const res = await pool.request({
        path: url.pathname, method: 'POST', body,
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${t},v1=${sig}` },
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return 0;
    }
  };
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t0 = performance.now();
      const status = await one(body);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await pool.close();
  return { requests: bodies.length, ok: statuses['200'] ?? 0, statuses, elapsedMs, latenciesMs: latencies, cpuMs: (used.user + used.system) / 1000 };
}

process.once('message', (job: LoadJob) => {
  const bodies = Array.from({ length: job.requests }, () => event(job.minBytes + Math.floor(Math.random() * (job.maxBytes - job.minBytes))));
  process.once('message', () => {
    void run(job, bodies).then((result) => process.send?.(result, () => process.exit(0)));
  });
  process.send?.({ ready: true });
});
