// `pnpm bench` for firehose-local: durable, acknowledged records per second for 3 KB records in batches
// of 500, sent through the real AWS SDK over HTTP by several client processes at once. firehose-local runs
// in this process with its defaults (5 MiB buffers, GZIP), so delivery competes for the same 2 cores.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirehoseLocal } from '../src/index.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 2);
const IN_FLIGHT = Number(process.env['BENCH_IN_FLIGHT'] ?? 4);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const RECORD_BYTES = 3 * 1024;
const BATCH_RECORDS = 500;
const TARGET = 20_000;
const GZIP_LEVEL = process.env['BENCH_GZIP_LEVEL'] ? Number(process.env['BENCH_GZIP_LEVEL']) : undefined; // default: firehose-local's

const clientPath = fileURLToPath(new URL('./client.ts', import.meta.url));

interface ClientResult {
  acked: number;
  throttled: number;
  cpuMs: number;
  /** Milliseconds from send to acknowledgement, per answered call. */
  latencies: number[];
}

interface Client {
  ready: Promise<void>;
  result: Promise<ClientResult>;
  go(): void;
}

/** Forks a client process and waits until it has built its batches, so start-up is not timed. */
function startClient(url: string, streamName: string): Client {
  const child = fork(clientPath, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<ClientResult>((resolve, reject) => {
    child.on('message', (m: { ready?: true } & Partial<ClientResult>) => (m.ready ? onReady() : resolve({ acked: m.acked ?? 0, throttled: m.throttled ?? 0, cpuMs: m.cpuMs ?? 0, latencies: m.latencies ?? [] })));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`bench client exited with ${code}`)));
  });
  child.send({ url, streamName, recordBytes: RECORD_BYTES, batchRecords: BATCH_RECORDS, inFlight: IN_FLIGHT, durationMs: SECONDS * 1000 });
  return { ready, result, go: () => child.send('go') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  console.log(
    `firehose-local bench: ${ROUNDS} rounds x ${SECONDS} s, ${CLIENTS} client processes x ${IN_FLIGHT} concurrent calls, ` +
      `PutRecordBatch of ${BATCH_RECORDS} x ${RECORD_BYTES} B records, fsynced before every answer`,
  );
  const rates: number[] = [];
  const cpu: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const lakeDir = await mkdtemp(join(tmpdir(), 'firehose-local-bench-'));
    const firehose = await createFirehoseLocal({ lakeDir, gzipLevel: GZIP_LEVEL });
    const { url } = await firehose.listen(0);
    try {
      const clients = Array.from({ length: CLIENTS }, () => startClient(url, 'event-lake-stripe-events'));
      await Promise.all(clients.map((c) => c.ready));
      const started = performance.now();
      const serverCpu = process.cpuUsage();
      for (const c of clients) c.go();
      const results = await Promise.all(clients.map((c) => c.result));
      const seconds = (performance.now() - started) / 1000;
      // Delivery (gzip + write) of what is still buffered is part of the cost: include it in the CPU figure.
      const drainStarted = performance.now();
      await firehose.flush();
      const drainMs = performance.now() - drainStarted;
      const server = process.cpuUsage(serverCpu);
      const acked = results.reduce((a, r) => a + r.acked, 0);
      const perK = (ms: number) => ((ms / acked) * 1000).toFixed(0);
      const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
      const rate = acked / seconds;
      rates.push(rate);
      cpu.push((server.user + server.system) / 1000 / acked * 1000);
      console.log(
        `  round ${round}: ${acked} records in ${seconds.toFixed(2)} s = ${Math.round(rate)} records/s (${((rate * RECORD_BYTES) / 1e6).toFixed(1)} MB/s); ` +
          `call latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ` +
          `CPU per 1,000 records: server ${perK((server.user + server.system) / 1000)} ms (incl. delivery), clients ${perK(results.reduce((a, r) => a + r.cpuMs, 0))} ms; ` +
          `throttled calls ${results.reduce((a, r) => a + r.throttled, 0)}; delivery backlog drained ${Math.round(drainMs)} ms after the round`,
      );
    } finally {
      await firehose.close();
      await rm(lakeDir, { recursive: true, force: true });
    }
  }
  const m = median(rates);
  console.log(`median: ${Math.round(m)} durable records/s (target >= ${TARGET}: ${m >= TARGET ? 'met' : 'NOT met'}); server CPU ${median(cpu).toFixed(0)} ms per 1,000 records`);
}

await main();
