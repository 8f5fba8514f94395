// `pnpm bench`: the ingress vs. a naive ingress (one PutRecord per request), both against the same
// durable firehose-local process, and vs. the bare limit (node:http + HMAC + JSON.parse, storing
// nothing), driven by a load generator in another process: 64 connections, 2-5 KB pretty-printed
// events, rounds A/B/C/A/B/C. Firehose calls and billed 5 KB units are counted from the requests each SDK
// client actually sends (retries included); CPU per event is the benchmark process's (where the three
// servers run, one loaded at a time).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { readDeliveredLines } from '@event-lake/firehose-local';
import { billedUnits } from '@event-lake/lake-format';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createFirehoseClient, sdkFirehosePort } from '@event-lake/firehose-writer';
import { loadConfig } from '../src/config.js';
import { startIngress } from '../src/main.js';
import type { LoadJob, LoadResult } from './load-generator.js';
import { startBareServer } from './bare-server.js';
import { startNaiveIngress } from './naive-ingress.js';

const SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';
const STREAM = 'event-lake-stripe-events';
const CONCURRENCY = 64;
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 3000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface Counter { calls: number; records: number; units: number }

/** Counts every PutRecord/PutRecordBatch the client sends and the 5 KB units its records are billed. */
function counting(client: FirehoseClient): Counter {
  const c: Counter = { calls: 0, records: 0, units: 0 };
  client.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { Records?: Array<{ Data?: Uint8Array }>; Record?: { Data?: Uint8Array } };
    if (context.commandName === 'PutRecordBatchCommand' || context.commandName === 'PutRecordCommand') {
      const records = input.Records ?? (input.Record ? [input.Record] : []);
      c.calls += 1;
      c.records += records.length;
      for (const r of records) c.units += billedUnits(r.Data?.length ?? 0);
    }
    return next(args);
  }, { step: 'initialize', name: 'benchCounter' });
  return c;
}

function forkTs(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(here(file), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

const message = <T>(child: ChildProcess) => new Promise<T>((resolve, reject) => {
  child.once('message', (m) => resolve(m as T));
  child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
});

async function round(url: string, requests = REQUESTS): Promise<LoadResult> {
  const gen = forkTs('./load-generator.ts');
  const job: LoadJob = { url, secret: SECRET, requests, concurrency: CONCURRENCY, minBytes: 2000, maxBytes: 5000 };
  const ready = message<{ ready: true }>(gen);
  gen.send(job);
  await ready;
  const result = message<LoadResult>(gen);
  gen.send({ go: true });
  return result;
}

/** CPU time (ms) a process has used so far, from /proc (Linux); 0 elsewhere. */
async function cpuOf(pid: number | undefined): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const lakeDir = await mkdtemp(join(tmpdir(), 'ingress-bench-'));
  const firehoseChild = forkTs('./firehose-local-child.ts', { LAKE_DIR: lakeDir });
  const { url: firehoseUrl } = await message<{ url: string }>(firehoseChild);
  process.stdout.write(`firehose-local (durable, own process) at ${firehoseUrl}; ${ROUNDS}×2 rounds of ${REQUESTS} requests, ${CONCURRENCY} connections\n`);

  const config = loadConfig({ PORT: '0', STRIPE_WEBHOOK_SECRET: SECRET, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl, FIREHOSE_DELIVERY_STREAM_NAME: STREAM });
  const ingressClient = createFirehoseClient({ region: 'us-east-1', endpoint: firehoseUrl, requestTimeoutMs: config.firehoseRequestTimeoutMs, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const ingressCount = counting(ingressClient);
  const ingress = await startIngress(config, { firehose: sdkFirehosePort(ingressClient, STREAM), logger: pino({ level: 'silent' }), registry: new Registry(), host: '127.0.0.1' });
  const naiveClient = new FirehoseClient({ region: 'us-east-1', endpoint: firehoseUrl, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const naiveCount = counting(naiveClient);
  const naive = await startNaiveIngress({ client: naiveClient, streamName: STREAM, secret: SECRET });
  const bare = await startBareServer(SECRET);

  const systems = [
    { name: 'ingress', url: ingress.webhookUrl, count: ingressCount },
    { name: 'naive', url: naive.url, count: naiveCount },
    { name: 'bare', url: bare.url, count: { calls: 0, records: 0, units: 0 } },
  ];
  // BENCH_ONLY=ingress|naive|bare runs one side (for profiling); the report needs all three.
  const only = process.env['BENCH_ONLY'];
  if (only) systems.splice(0, systems.length, ...systems.filter((s) => s.name === only));
  const rows = new Map<string, Array<{ rps: number; p50: number; p99: number; callsPerEvent: number; unitsPerEvent: number; ok: number; requests: number; serverCpuMs: number; cpu: string }>>();
  let totalOk = 0;
  // Warm-up (JIT, connection pools), not counted.
  // The bare server stores nothing: its answers are not looked for in the lake.
  const stores = (name: string) => name !== 'bare';
  for (const s of systems) {
    const { ok } = await round(s.url, 500);
    if (stores(s.name)) totalOk += ok;
  }
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const s of systems) {
      const before = { ...s.count };
      const cpuBefore = { server: process.cpuUsage(), firehose: await cpuOf(firehoseChild.pid) };
      const res = await round(s.url);
      const serverCpu = process.cpuUsage(cpuBefore.server);
      const firehoseCpuMs = (await cpuOf(firehoseChild.pid)) - cpuBefore.firehose;
      const lat = [...res.latenciesMs].sort((a, b) => a - b);
      const row = {
        rps: res.ok / (res.elapsedMs / 1000),
        p50: pct(lat, 0.5),
        p99: pct(lat, 0.99),
        callsPerEvent: (s.count.calls - before.calls) / Math.max(1, res.ok),
        unitsPerEvent: (s.count.units - before.units) / Math.max(1, res.ok),
        ok: res.ok,
        requests: res.requests,
        serverCpuMs: (serverCpu.user + serverCpu.system) / 1000 / res.requests,
        cpu: `CPU ms/event: server ${((serverCpu.user + serverCpu.system) / 1000 / res.requests).toFixed(3)}, firehose-local ${(firehoseCpuMs / res.requests).toFixed(2)}, load generator ${(res.cpuMs / res.requests).toFixed(2)}`,
      };
      if (stores(s.name)) totalOk += res.ok;
      rows.set(s.name, [...(rows.get(s.name) ?? []), row]);
      process.stdout.write(`round ${r + 1} ${s.name.padEnd(8)} ${row.ok}/${row.requests} ok  ${row.rps.toFixed(0)} req/s  p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.callsPerEvent.toFixed(3)} calls/event  ${row.unitsPerEvent.toFixed(3)} units/event  (${row.cpu})\n`);
    }
  }

  await ingress.close();
  naive.server.close();
  bare.server.close();
  firehoseChild.kill('SIGTERM');
  await new Promise((resolve) => firehoseChild.once('exit', resolve));
  const delivered = (await readDeliveredLines(lakeDir)).length;
  await rm(lakeDir, { recursive: true, force: true });

  const summary = (name: string) => {
    const xs = rows.get(name)!;
    return {
      rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)),
      calls: median(xs.map((x) => x.callsPerEvent)), units: median(xs.map((x) => x.unitsPerEvent)),
      cpu: median(xs.map((x) => x.serverCpuMs)),
    };
  };
  if (only) return;
  const a = summary('ingress');
  const b = summary('naive');
  const c = summary('bare');
  process.stdout.write([
    '',
    '| median of rounds | requests/s | p50 ms | p99 ms | Firehose calls/event | billed 5 KB units/event |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ingress | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${a.calls.toFixed(3)} | ${a.units.toFixed(3)} |`,
    `| naive (PutRecord per request) | ${b.rps.toFixed(0)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${b.calls.toFixed(3)} | ${b.units.toFixed(3)} |`,
    `| ratio ingress/naive | ${(a.rps / b.rps).toFixed(2)}× | ${(a.p50 / b.p50).toFixed(2)} | ${(a.p99 / b.p99).toFixed(2)} | | |`,
    '',
    '| median of rounds | requests/s | server CPU ms/event |',
    '| --- | --- | --- |',
    `| ingress | ${a.rps.toFixed(0)} | ${a.cpu.toFixed(3)} |`,
    `| bare node:http + HMAC + JSON.parse, stores nothing | ${c.rps.toFixed(0)} | ${c.cpu.toFixed(3)} |`,
    `| ingress / bare | ${((100 * a.rps) / c.rps).toFixed(0)} % | ${(a.cpu / c.cpu).toFixed(2)}× |`,
    '',
    `target: ingress CPU/event ≤ 2.5× the bare server's ${a.cpu <= 2.5 * c.cpu ? 'met' : 'MISSED'}`,
    `targets: ≥3× requests/s ${a.rps >= 3 * b.rps ? 'met' : 'MISSED'}; p99 no worse ${a.p99 <= b.p99 ? 'met' : 'MISSED'}; <0.2 calls/event ${a.calls < 0.2 ? 'met' : 'MISSED'}; <0.9 units/event ${a.units < 0.9 ? 'met' : 'MISSED'}`,
    `durability: ${delivered} lines delivered to the lake for ${totalOk} answers 200 ${delivered >= totalOk ? '(all present)' : '(MISSING LINES)'}`,
    '',
  ].join('\n'));
}

await main();
