// The benchmark's load generator, in its own process so it does not share the servers' event loop.
// Receives a job over IPC, answers { ready }, waits for { go }, sends signed 2-5 KB pretty-printed events
// over `concurrency` keep-alive connections (http-lane.ts: prebuilt requests on plain sockets, so the
// generator takes as little of the shared CPU as it can), and reports status counts and latencies.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HttpLane, prebuiltRequest } from './http-lane.js';
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

/** Signs every body up front (one timestamp, well inside the ingress's 300 s tolerance for a round of
 * seconds) and builds each whole request, so the generator's own work per request is a socket write and
 * reading the answer's status. */
function prepare(job: LoadJob, bodies: string[]): Buffer[] {
  const url = new URL(job.url);
  const t = Math.floor(Date.now() / 1000);
  return bodies.map((text) => {
    const body = Buffer.from(text);
    const signature = `t=${t},v1=${createHmac('sha256', job.secret).update(`${t}.`).update(body).digest('hex')}`;
    return prebuiltRequest(url, { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature }, body);
  });
}

async function run(job: LoadJob, requests: Buffer[]): Promise<LoadResult> {
  const lanes = Array.from({ length: job.concurrency }, () => new HttpLane(new URL(job.url)));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const drive = async (lane: HttpLane) => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const t0 = performance.now();
      const status = await lane.send(request);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(lanes.map(drive));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  lanes.forEach((lane) => lane.close());
  return { requests: requests.length, ok: statuses['200'] ?? 0, statuses, elapsedMs, latenciesMs: latencies, cpuMs: (used.user + used.system) / 1000 };
}

process.once('message', (job: LoadJob) => {
  const bodies = Array.from({ length: job.requests }, () => event(job.minBytes + Math.floor(Math.random() * (job.maxBytes - job.minBytes))));
  const prepared = prepare(job, bodies);
  process.once('message', () => {
    void run(job, prepared).then((result) => process.send?.(result, () => process.exit(0)));
  });
  process.send?.({ ready: true });
});
