// `pnpm bench`: the ingress vs. a naive ingress (one PutRecord per request), both against the same
// durable firehose-local process, and vs. the bare limit (node:http + HMAC + JSON.parse, storing
// nothing). Each server runs in its own process (bench/server-child.ts), driven by a load generator in
// another: 64 connections, 2-5 KB pretty-printed events, a warm-up, then rounds A/B/C/A/B/C, each followed
// by the same sides at 1 connection (requests one at a time: the latency a lone event pays). Firehose
// calls and billed 5 KB units are counted from the requests each SDK client sends (retries included);
// CPU per event is each server process's own (/proc), and ratios are taken within each round.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDeliveredLines } from '@event-lake/firehose-local';
import type { LoadJob, LoadResult } from './load-generator.js';
import type { FirehoseCounts } from './server-child.js';

const SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';
const CONCURRENCY = 64;
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 3000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const WARM_UP = Number(process.env['BENCH_WARM_UP'] ?? 1500);
/** Requests per round at 1 connection (one at a time). */
const SERIAL_REQUESTS = Number(process.env['BENCH_SERIAL_REQUESTS'] ?? 300);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function forkTs(file: string, env: Record<string, string> = {}, execArgv: string[] = []): ChildProcess {
  return fork(here(file), [], { execArgv: ['--import', 'tsx', ...execArgv], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

const message = <T>(child: ChildProcess) => new Promise<T>((resolve, reject) => {
  child.once('message', (m) => resolve(m as T));
  child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
});

async function round(url: string, requests = REQUESTS, concurrency = CONCURRENCY): Promise<LoadResult> {
  const gen = forkTs('./load-generator.ts', {}, process.env['BENCH_PROFILE_GEN'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_GEN']}`] : []);
  const job: LoadJob = { url, secret: SECRET, requests, concurrency, minBytes: 2000, maxBytes: 5000 };
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
  process.stdout.write(`firehose-local (durable, own process) at ${firehoseUrl}; ${ROUNDS}×3 rounds of ${REQUESTS} requests, ${CONCURRENCY} connections, warm-up ${WARM_UP}; each followed by ${SERIAL_REQUESTS} requests at 1 connection\n`);

  // BENCH_ONLY=ingress|naive|bare (or a comma list, e.g. ingress,bare) runs some sides, for profiling and
  // quick A/B checks of one change; the full report needs all three. ingress-no-sdk (only when named) is
  // the ingress with a Firehose port that acknowledges at once: what the ingress costs without the SDK;
  // ingress-linger (only when named) is the ingress whose writer always waits out its linger (before issue #19).
  const only = process.env['BENCH_ONLY']?.split(',');
  // Sides run in BENCH_ONLY's order, so a second run with the order changed shows any effect of position.
  const known = ['ingress', 'naive', 'bare', 'ingress-no-sdk', 'ingress-linger'];
  const names = only ? only.filter((n, i) => known.includes(n) && only.indexOf(n) === i) : ['ingress', 'naive', 'bare'];
  const systems: Array<{ name: string; url: string; child: ChildProcess; counts: () => Promise<FirehoseCounts> }> = [];
  for (const name of names) {
    // BENCH_PROFILE=<dir>: a V8 CPU profile of each server process, written there when it exits.
    const profile = process.env['BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`] : [];
    const child = forkTs('./server-child.ts', { BENCH_SERVER: name, FIREHOSE_URL: firehoseUrl, BENCH_SECRET: SECRET }, profile);
    const { url } = await message<{ url: string }>(child);
    systems.push({ name, url, child, counts: () => countsOf(child) });
  }
  // The bare server and ingress-no-sdk store nothing: their answers are not looked for in the lake.
  const stores = (name: string) => name !== 'bare' && name !== 'ingress-no-sdk';
  const rows = new Map<string, Row[]>();
  /** p50 latency (ms) of each 1-connection round, per side. */
  const serialP50 = new Map<string, number[]>();
  let totalOk = 0;
  // Warm-up (JIT, connection pools), not counted.
  for (const s of systems) {
    const { ok } = await round(s.url, WARM_UP);
    if (stores(s.name)) totalOk += ok;
  }
  for (let r = 0; r < ROUNDS; r += 1) {
    // BENCH_ROTATE=1: round r starts with side r (mod the sides), so each side runs in every position.
    const order = process.env['BENCH_ROTATE'] === '1' ? systems.map((_, i) => systems[(i + r) % systems.length]!) : systems;
    for (const s of order) {
      const before = await s.counts();
      const cpuBefore = { server: await cpuOf(s.child.pid), firehose: await cpuOf(firehoseChild.pid) };
      const res = await round(s.url);
      const serverCpuMs = (await cpuOf(s.child.pid)) - cpuBefore.server;
      const firehoseCpuMs = (await cpuOf(firehoseChild.pid)) - cpuBefore.firehose;
      const after = await s.counts();
      const lat = [...res.latenciesMs].sort((a, b) => a - b);
      const row: Row = {
        rps: res.ok / (res.elapsedMs / 1000),
        p50: pct(lat, 0.5),
        p99: pct(lat, 0.99),
        callsPerEvent: (after.calls - before.calls) / Math.max(1, res.ok),
        unitsPerEvent: (after.units - before.units) / Math.max(1, res.ok),
        billedPerSent: ((after.units - before.units) * 5120) / Math.max(1, after.bytes - before.bytes),
        ok: res.ok,
        requests: res.requests,
        serverCpuMs: serverCpuMs / res.requests,
      };
      if (stores(s.name)) totalOk += res.ok;
      rows.set(s.name, [...(rows.get(s.name) ?? []), row]);
      process.stdout.write(`round ${r + 1} ${s.name.padEnd(8)} ${row.ok}/${row.requests} ok  ${row.rps.toFixed(0)} req/s  p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.callsPerEvent.toFixed(3)} calls/event  ${row.unitsPerEvent.toFixed(3)} units/event  billed/sent ${row.billedPerSent.toFixed(3)}  (CPU ms/event: server ${row.serverCpuMs.toFixed(3)}, firehose-local ${(firehoseCpuMs / res.requests).toFixed(2)}, load generator ${(res.cpuMs / res.requests).toFixed(2)})\n`);
    }
    // The same sides at 1 connection: each request waits for the previous answer, so nothing can share a call.
    for (const s of order) {
      if (SERIAL_REQUESTS <= 0) break;
      const res = await round(s.url, SERIAL_REQUESTS, 1);
      if (stores(s.name)) totalOk += res.ok;
      const p50 = pct([...res.latenciesMs].sort((a, b) => a - b), 0.5);
      serialP50.set(s.name, [...(serialP50.get(s.name) ?? []), p50]);
      process.stdout.write(`round ${r + 1} ${s.name.padEnd(8)} 1 connection: ${res.ok}/${res.requests} ok  p50 ${p50.toFixed(2)} ms\n`);
    }
  }

  // SIGINT lets a profiled child write its profile; the servers hold nothing that must be flushed.
  for (const s of systems) s.child.kill(process.env['BENCH_PROFILE'] ? 'SIGINT' : 'SIGKILL');
  firehoseChild.kill('SIGTERM');
  await new Promise((resolve) => firehoseChild.once('exit', resolve));
  const delivered = (await readDeliveredLines(lakeDir)).length;
  await rm(lakeDir, { recursive: true, force: true });
  /** Median over rounds of a ratio taken within each round, so drift between rounds cancels out. */
  const perRound = (f: (a: Row, c: Row) => number, x: string, y: string) =>
    median(rows.get(x)!.map((row, i) => f(row, rows.get(y)![i]!)));
  if (only && rows.has('bare')) {
    for (const name of names.filter((n) => n !== 'bare')) {
      process.stdout.write(`per-round ratio (median): ${name}/bare CPU per event ${perRound((p, q) => p.serverCpuMs / q.serverCpuMs, name, 'bare').toFixed(2)}×\n`);
    }
  }
  if (only && rows.has('naive')) {
    for (const name of names.filter((n) => n.startsWith('ingress'))) {
      const p50s = serialP50.get(name) ?? [];
      const p50Ratio = median(p50s.map((p, i) => p / (serialP50.get('naive')?.[i] ?? Number.NaN)));
      const serialPart = p50s.length > 0 ? `, p50 ${p50Ratio.toFixed(2)}× at 1 connection` : '';
      process.stdout.write(`per-round ratios (median): ${name}/naive requests/s ${perRound((p, q) => p.rps / q.rps, name, 'naive').toFixed(2)}× at ${CONCURRENCY} connections${serialPart}; ${name} calls/event ${median(rows.get(name)!.map((x) => x.callsPerEvent)).toFixed(3)}, units/event ${median(rows.get(name)!.map((x) => x.unitsPerEvent)).toFixed(3)}, billed bytes / bytes sent ${median(rows.get(name)!.map((x) => x.billedPerSent)).toFixed(3)}\n`);
    }
  }
  if (!['ingress', 'naive', 'bare'].every((n) => rows.has(n))) return;

  const summary = (name: string) => {
    const xs = rows.get(name)!;
    return {
      rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)),
      calls: median(xs.map((x) => x.callsPerEvent)), units: median(xs.map((x) => x.unitsPerEvent)),
      cpu: median(xs.map((x) => x.serverCpuMs)),
    };
  };
  const a = summary('ingress');
  const b = summary('naive');
  const c = summary('bare');
  const rpsVsNaive = perRound((p, q) => p.rps / q.rps, 'ingress', 'naive');
  const serial = (name: string) => serialP50.get(name) ?? [];
  const serialRatio = median(serial('ingress').map((p, i) => p / (serial('naive')[i] ?? Number.NaN)));
  const rpsShare = perRound((p, q) => p.rps / q.rps, 'ingress', 'bare');
  const cpuRatio = perRound((p, q) => p.serverCpuMs / q.serverCpuMs, 'ingress', 'bare');
  process.stdout.write([
    '',
    `| median of ${ROUNDS} rounds | requests/s | p50 ms | p99 ms | Firehose calls/event | billed 5 KB units/event | server CPU ms/event |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ingress | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${a.calls.toFixed(3)} | ${a.units.toFixed(3)} | ${a.cpu.toFixed(3)} |`,
    `| naive (PutRecord per request) | ${b.rps.toFixed(0)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${b.calls.toFixed(3)} | ${b.units.toFixed(3)} | ${b.cpu.toFixed(3)} |`,
    `| bare (node:http + HMAC + JSON.parse, stores nothing) | ${c.rps.toFixed(0)} | ${c.p50.toFixed(1)} | ${c.p99.toFixed(1)} | | | ${c.cpu.toFixed(3)} |`,
    '',
    `per-round ratios (median): ingress/naive requests/s ${rpsVsNaive.toFixed(2)}×; ingress share of the bare server's requests/s ${(100 * rpsShare).toFixed(0)} %; ingress/bare CPU per event ${cpuRatio.toFixed(2)}×`,
    `1 connection, p50 ms (median of ${ROUNDS} rounds): ingress ${median(serial('ingress')).toFixed(2)}, naive ${median(serial('naive')).toFixed(2)}, bare ${median(serial('bare')).toFixed(2)}; ingress/naive per round (median) ${serialRatio.toFixed(2)}×`,
    `targets: ≥3× naive requests/s ${rpsVsNaive >= 3 ? 'met' : 'MISSED'}; p50 at 1 connection no worse than naive ${serialRatio <= 1 ? 'met' : 'MISSED'}; p99 no worse than naive ${a.p99 <= b.p99 ? 'met' : 'MISSED'}; <0.2 calls/event ${a.calls < 0.2 ? 'met' : 'MISSED'}; <0.9 units/event ${a.units < 0.9 ? 'met' : 'MISSED'}; CPU/event ≤ 2.5× bare ${cpuRatio <= 2.5 ? 'met' : 'MISSED'}`,
    `durability: ${delivered} lines delivered to the lake for ${totalOk} answers 200 ${delivered >= totalOk ? '(all present)' : '(MISSING LINES)'}`,
    '',
  ].join('\n'));
}

function countsOf(child: ChildProcess): Promise<FirehoseCounts> {
  const reply = new Promise<FirehoseCounts>((resolve) => child.once('message', (m) => resolve(m as FirehoseCounts)));
  child.send('counts');
  return reply;
}

interface Row { rps: number; p50: number; p99: number; callsPerEvent: number; unitsPerEvent: number; billedPerSent: number; ok: number; requests: number; serverCpuMs: number }

await main();
