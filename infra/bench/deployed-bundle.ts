// `pnpm bench` (infra): the deployed bundle, as each hosting mode runs it. Both modes run the same esbuild
// package on Node 24 with their synthesized environment (lib/ingress-bundle.ts, test/deployed-bundle.ts):
// - web-function: one process, 64 concurrent connections (one execution environment at its default
//   maxConcurrencyPerEnvironment);
// - function-url: BENCH_SANDBOXES processes with one connection each (a classic Lambda sandbox serves one
//   request at a time).
// Against one durable firehose-local process, behind a proxy that counts Firehose calls, record bytes and
// billed 5 KB units; load from packages/ingress/bench/load-generator.ts (signed 2-5 KB events); rounds
// alternate A/B. Then SIGTERM under load in web-function mode, and the lake is read back.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDeliveredLines } from '@event-lake/firehose-local';
import { BILLING_UNIT_BYTES, DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import type { LoadJob, LoadResult } from '../../packages/ingress/bench/load-generator.js';
import { bundleIngress } from '../lib/ingress-bundle.js';
import { REPO_PATHS } from '../lib/paths.js';
import { INGRESS_HOSTINGS, type IngressHosting } from '../lib/settings.js';
import { freePort, node24, startBundle, templateEnvironment, type BundleProcess } from '../test/deployed-bundle.js';
import { buildStack, logicalId } from '../test/fixtures.js';
import { startSecretsManagerStandIn } from '../test/secrets-manager-stand-in.js';
import { startFirehoseCounter, type FirehoseCount } from './firehose-counter.js';

const SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:event-lake-webhook-AbCdEf';
const CONNECTIONS = 64;
const SANDBOXES = Number(process.env['BENCH_SANDBOXES'] ?? 8);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 3000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const ingressBench = (file: string) => fileURLToPath(new URL(`../../packages/ingress/bench/${file}`, import.meta.url));

const forkTs = (file: string, env: Record<string, string> = {}): ChildProcess =>
  fork(file, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

const message = <T>(child: ChildProcess) => new Promise<T>((resolve, reject) => {
  child.once('message', (m) => resolve(m as T));
  child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
});

/** One load generator per URL, `connections` each, all started together; results merged. */
async function load(urls: readonly string[], requests: number, connections: number, onStarted?: () => void): Promise<LoadResult> {
  const gens = urls.map(() => forkTs(ingressBench('load-generator.ts')));
  const per = Math.ceil(requests / urls.length);
  await Promise.all(gens.map((gen, i) => {
    const ready = message<{ ready: true }>(gen);
    const job: LoadJob = { url: urls[i]!, secret: SECRET, requests: per, concurrency: connections, minBytes: 2000, maxBytes: 5000 };
    gen.send(job);
    return ready;
  }));
  const results = gens.map((gen) => message<LoadResult>(gen));
  gens.forEach((gen) => gen.send({ go: true }));
  onStarted?.();
  const all = await Promise.all(results);
  const statuses: Record<string, number> = {};
  for (const r of all) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    requests: all.reduce((n, r) => n + r.requests, 0),
    ok: all.reduce((n, r) => n + r.ok, 0),
    statuses,
    elapsedMs: Math.max(...all.map((r) => r.elapsedMs)),
    latenciesMs: all.flatMap((r) => r.latenciesMs),
    cpuMs: all.reduce((n, r) => n + r.cpuMs, 0),
  };
}

/** CPU time (ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return Number.NaN;
  }
}

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Row { rps: number; p50: number; p99: number; calls: number; units: number; billedRatio: number; cpuMsPerEvent: number; ok: number; requests: number }

/** Every bundle process started, killed if the benchmark fails half-way. */
const started: BundleProcess[] = [];
process.once('exit', () => started.forEach((p) => p.child.kill('SIGKILL')));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deployed-bundle-bench-'));
  const nodeBin = node24();
  const bundleDir = bundleIngress({ ingressEntry: REPO_PATHS.ingressEntry, launcherEntry: REPO_PATHS.launcherEntry, outDir: path.join(dir, 'bundle') });
  const lakeDir = path.join(dir, 'lake');
  const firehoseChild = forkTs(ingressBench('firehose-local-child.ts'), { LAKE_DIR: lakeDir });
  process.once('exit', () => firehoseChild.kill('SIGKILL'));
  const { url: firehoseUrl } = await message<{ url: string }>(firehoseChild);
  const counter = await startFirehoseCounter(firehoseUrl);
  const secrets = await startSecretsManagerStandIn({ [SECRET_ARN]: SECRET });

  /** The bundle as `hosting` runs it: its template's environment, local endpoints, its own port. */
  const envFor = (hosting: IngressHosting) => {
    const built = buildStack({ ingressHosting: hosting });
    try {
      return templateEnvironment(built.template, hosting, {
        [logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream')]: DEFAULT_DELIVERY_STREAM_NAME,
        [logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret')]: SECRET_ARN,
      });
    } finally {
      built.cleanup();
    }
  };
  const local = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url, AWS_ENDPOINT_URL_FIREHOSE: counter.url, LOG_LEVEL: 'warn' };
  const launch = async (hosting: IngressHosting): Promise<{ proc: BundleProcess; url: string }> => {
    const port = await freePort();
    // Web Functions name the address; the Lambda Web Adapter forwards to PORT (8080 in the template, a free one here).
    const address: Record<string, string> = hosting === 'web-function' ? { AWS_LAMBDA_HTTP_ENDPOINT: `127.0.0.1:${port}` } : { PORT: String(port) };
    const proc = startBundle(nodeBin, bundleDir, { ...envs[hosting], ...local, ...address });
    started.push(proc);
    await proc.listening(port, 10_000);
    return { proc, url: `http://${hosting === 'web-function' ? '127.0.0.1' : 'localhost'}:${port}/webhook/stripe` };
  };
  const envs = Object.fromEntries(INGRESS_HOSTINGS.map((h) => [h, envFor(h)])) as Record<IngressHosting, Record<string, string>>;

  const webFunction = await launch('web-function');
  const sandboxes = await Promise.all(Array.from({ length: SANDBOXES }, () => launch('function-url')));
  const systems = [
    { name: 'web-function', label: `web-function: 1 environment, ${CONNECTIONS} connections`, urls: [webFunction.url], connections: CONNECTIONS, pids: [webFunction.proc.child.pid] },
    { name: 'function-url', label: `function-url: ${SANDBOXES} sandboxes, 1 connection each`, urls: sandboxes.map((s) => s.url), connections: 1, pids: sandboxes.map((s) => s.proc.child.pid) },
  ];
  process.stdout.write(`${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`deployed bundle on node ${nodeBin.includes('24.') ? '24' : process.version}; firehose-local (durable, own process) behind a counting proxy; ${ROUNDS}×2 rounds of ${REQUESTS} requests\n`);

  let totalOk = 0;
  for (const s of systems) totalOk += (await load(s.urls, 300, s.connections)).ok; // warm-up, not counted
  const rows = new Map<string, Row[]>();
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const s of systems) {
      const before: FirehoseCount = { ...counter.count };
      const cpuBefore = s.pids.reduce<number>((n, pid) => n + cpuMsOf(pid), 0);
      const res = await load(s.urls, REQUESTS, s.connections);
      const cpuMs = s.pids.reduce<number>((n, pid) => n + cpuMsOf(pid), 0) - cpuBefore;
      totalOk += res.ok;
      const lat = [...res.latenciesMs].sort((a, b) => a - b);
      const bytes = counter.count.bytes - before.bytes;
      const units = counter.count.units - before.units;
      const row: Row = {
        rps: res.ok / (res.elapsedMs / 1000), p50: pct(lat, 0.5), p99: pct(lat, 0.99),
        calls: (counter.count.calls - before.calls) / Math.max(1, res.ok), units: units / Math.max(1, res.ok),
        billedRatio: (units * BILLING_UNIT_BYTES) / Math.max(1, bytes), cpuMsPerEvent: cpuMs / Math.max(1, res.ok), ok: res.ok, requests: res.requests,
      };
      rows.set(s.name, [...(rows.get(s.name) ?? []), row]);
      process.stdout.write(`round ${r + 1} ${s.name.padEnd(12)} ${row.ok}/${row.requests} ok  ${row.rps.toFixed(0)} req/s  p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.calls.toFixed(3)} calls/event  ${row.units.toFixed(3)} units/event  billed/sent ${row.billedRatio.toFixed(3)}  ingress CPU ${row.cpuMsPerEvent.toFixed(2)} ms/event\n`);
    }
  }

  // SIGTERM under load, as the platform sends it: how long until the process is gone, and nothing lost.
  let signalledAt = 0;
  const shutdown = load([webFunction.url], REQUESTS, CONNECTIONS, () => {
    setTimeout(() => {
      signalledAt = Date.now();
      webFunction.proc.child.kill('SIGTERM');
    }, 300);
  });
  const underSigterm = await shutdown;
  const exit = await webFunction.proc.exited;
  totalOk += underSigterm.ok;
  const sigtermMs = exit.at - signalledAt;

  for (const s of sandboxes) s.proc.child.kill('SIGTERM');
  await Promise.all(sandboxes.map((s) => s.proc.exited));
  firehoseChild.kill('SIGTERM');
  await new Promise((resolve) => firehoseChild.once('exit', resolve));
  const delivered = (await readDeliveredLines(lakeDir)).length;
  await counter.close();
  await secrets.close();
  rmSync(dir, { recursive: true, force: true });

  const summary = (name: string) => {
    const xs = rows.get(name)!;
    const m = (f: (x: Row) => number) => median(xs.map(f));
    return { rps: m((x) => x.rps), p50: m((x) => x.p50), p99: m((x) => x.p99), calls: m((x) => x.calls), units: m((x) => x.units), billed: m((x) => x.billedRatio), cpu: m((x) => x.cpuMsPerEvent) };
  };
  const lines = ['', `| median of ${ROUNDS} rounds | requests/s | p50 ms | p99 ms | Firehose calls/event | billed 5 KB units/event | billed bytes / bytes sent | ingress CPU ms/event |`, '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const s of systems) {
    const x = summary(s.name);
    lines.push(`| ${s.label} | ${x.rps.toFixed(0)} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.calls.toFixed(3)} | ${x.units.toFixed(3)} | ${x.billed.toFixed(3)} | ${x.cpu.toFixed(2)} |`);
  }
  const wf = summary('web-function');
  const lost = delivered < totalOk;
  lines.push(
    '',
    `SIGTERM under load (web-function): exit ${exit.code === 0 ? '0' : `${exit.code ?? exit.signal}`} after ${sigtermMs} ms, ${underSigterm.ok} of ${underSigterm.requests} answered 200 (${JSON.stringify(underSigterm.statuses)})`,
    `durability: ${delivered} lines delivered to the lake for ${totalOk} answers 200 ${lost ? '(MISSING LINES)' : '(all present)'}`,
    `targets (web-function): <0.2 calls/event ${wf.calls < 0.2 ? 'met' : 'MISSED'}; billed bytes ≤ 1.05 × bytes sent ${wf.billed <= 1.05 ? 'met' : 'MISSED'}; no 200 missing ${lost ? 'MISSED' : 'met'}; SIGTERM → exit < 1 s ${exit.code === 0 && sigtermMs < 1000 ? 'met' : 'MISSED'}`,
    '',
  );
  process.stdout.write(lines.join('\n'));
}

await main();
