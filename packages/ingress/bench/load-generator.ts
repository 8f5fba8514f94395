// The benchmark's load generator, in its own process so it does not share the servers' event loop.
// Receives a job over IPC, answers { ready }, waits for { go }, sends signed 2-5 KB pretty-printed events
// over `concurrency` keep-alive connections (an undici Pool: a cheaper client than node:http, so the
// generator takes less of the shared CPU), and reports status counts and latencies.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

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

function event(i: number, size: number): string {
  const base = {
    id: `evt_bench_${process.pid}_${i}_${Math.random().toString(36).slice(2, 10)}`,
    object: 'event',
    api_version: '2025-09-30.clover',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `pi_${i}`, object: 'payment_intent', amount: 1999, currency: 'usd', metadata: { note: '' } } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${i}`, idempotency_key: null },
    type: 'payment_intent.succeeded',
  };
  const bare = JSON.stringify(base, null, 2).length;
  base.data.object.metadata.note = 'Lorem ipsum dolor sit amet, café ☕ '.repeat(Math.max(0, Math.ceil((size - bare) / 36))).slice(0, Math.max(0, size - bare));
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
  const bodies = Array.from({ length: job.requests }, (_, i) => event(i, job.minBytes + Math.floor(Math.random() * (job.maxBytes - job.minBytes))));
  process.once('message', () => {
    void run(job, bodies).then((result) => process.send?.(result, () => process.exit(0)));
  });
  process.send?.({ ready: true });
});
