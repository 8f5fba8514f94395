// pnpm bench (curation section): the one-day typed-view question on a 2-day and a 30-day lake of the same
// daily volume, as `pnpm query` runs it (new DuckDB, cache and curation checks, views, query), warm, in
// alternating rounds; then the first query after one more day of objects lands (cache conversion +
// incremental curation + query); then `pnpm curate --rebuild`. Rows and bytes read come from DuckDB's
// profiler (EXPLAIN ANALYZE, JSON).
// Size, honestly: BENCH_CURATION_DAILY events a day (default 5,000; the issue's figures were at 25,000),
// one object per arrival hour, bodies ~1.2 KB: small enough for a shared 2-core machine in a few minutes.
// Lakes are generated once into packages/query/.lake-bench-curation-<days>d-<daily>/ (gitignored).
import { toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { writeLakeObject } from '@event-lake/test-kit';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR_NAME, cacheRoot, curatedRoot, openLocalBackend, runCurateCli, runQuery, type CurationReport } from '../src/index.js';

const DAILY = Number(process.env['BENCH_CURATION_DAILY'] ?? 5_000);
const ROUNDS = Number(process.env['BENCH_CURATION_ROUNDS'] ?? 5);
const START = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const OBJECTS = ['payment_intent', 'charge', 'invoice', 'customer', 'subscription'] as const;
const TYPES: Record<(typeof OBJECTS)[number], string> = {
  payment_intent: 'payment_intent.succeeded', charge: 'charge.succeeded', invoice: 'invoice.paid', customer: 'customer.updated', subscription: 'customer.subscription.updated',
};
const lakeOf = (days: number) => fileURLToPath(new URL(`../.lake-bench-curation-${days}d-${DAILY}/`, import.meta.url));

/** The objects of one arrival day: 24 hourly objects, DAILY events created that day, 5% delivered twice. */
async function writeDay(lake: string, day: number, tag: string): Promise<string[]> {
  const written: string[] = [];
  const perHour = Math.ceil(DAILY / 24);
  for (let h = 0; h < 24; h++) {
    const at = new Date(START + day * DAY_MS + h * 3_600_000);
    const lines: string[] = [];
    for (let i = 0; i < perHour; i++) {
      const n = day * DAILY + h * perHour + i;
      if (h * perHour + i >= DAILY) break;
      const kind = OBJECTS[n % OBJECTS.length]!;
      const created = Math.floor(at.getTime() / 1000) + Math.floor((i / perHour) * 3600);
      const id = `evt_c${String(n).padStart(10, '0')}`;
      const body = JSON.stringify({
        id, object: 'event', api_version: TEST_API_VERSION, created, livemode: false, pending_webhooks: 1, type: TYPES[kind],
        data: { object: { id: `${kind.slice(0, 3)}_${n % 20_000}`, object: kind, amount: 1000 + (n % 5000), currency: 'usd', status: 'succeeded', customer: `cus_${n % 9973}`, description: `order ${n} ${'x'.repeat(n % 400)}`, metadata: { n: String(n) } } },
      }, null, 2);
      const copies = n % 20 === 0 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        lines.push(...toArchiveLines({
          source: 'webhook', deliveryId: `d-${n}-${c}`, receivedAt: new Date(created * 1000 + 850 + c * 60_000), signature: `t=${created},v1=${'0'.repeat(64)}`, body,
          event: { id, type: TYPES[kind], object: 'event', created: new Date(created * 1000).toISOString(), livemode: false, api_version: TEST_API_VERSION, account: null },
        }));
      }
    }
    written.push(path.join(lake, await writeLakeObject(lake, at, lines, { uuid: `bench-${tag}-${day}-${h}`, gzipLevel: 1 })));
  }
  return written;
}

async function generate(days: number): Promise<string> {
  const lake = lakeOf(days);
  const marker = path.join(lake, 'complete.txt');
  if (existsSync(marker)) return lake;
  await rm(lake, { recursive: true, force: true });
  for (let d = 0; d < days; d++) await writeDay(lake, d, 'base');
  await writeFile(marker, `${days} days of ${DAILY} events\n`);
  return lake;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (xs: number[]) => `[${xs.map((x) => (x / 1000).toFixed(2)).join(', ')}]`;
const dayText = (day: number) => new Date(START + day * DAY_MS).toISOString().slice(0, 10);
const oneDaySql = (day: number) => `SELECT count(*) AS n, sum(amount) AS amount FROM event_lake.stripe_charges WHERE event_date = DATE '${dayText(day)}'`;

/** What `pnpm query --sql …` does: a new backend, cache + curation checks, the query. */
async function timedQuery(lake: string, sql: string): Promise<{ ms: number; rows: ReadonlyArray<Record<string, unknown>> }> {
  const t = performance.now();
  const { rows } = await runQuery({ backend: 'local', lakeDir: lake, sql });
  return { ms: performance.now() - t, rows };
}

interface Profile { rows: number; files: string }
/** Rows scanned and files read by the one-day query, from DuckDB's JSON profile. */
async function profile(lake: string, sql: string): Promise<Profile> {
  const local = await openLocalBackend({ lakeDir: lake });
  try {
    const { rows } = await local.run(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
    const json = JSON.parse(String(rows[0]?.['explain_value'] ?? '[]')) as unknown;
    let scanned = 0;
    const files: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (typeof o['operator_rows_scanned'] === 'number') scanned += o['operator_rows_scanned'];
      const extra = o['extra_info'] as Record<string, unknown> | undefined;
      if (extra && typeof extra['Total Files Read'] === 'string') files.push(extra['Total Files Read']);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    };
    walk(json);
    return { rows: scanned, files: files.join('+') || 'n/a' };
  } finally {
    local.close();
  }
}

type Days = 2 | 30;
const order = (r: number): Days[] => (r % 2 === 0 ? [2, 30] : [30, 2]);
const lakes = { 2: await generate(2), 30: await generate(30) };
const lastDay = { 2: 1, 30: 29 };
process.stderr.write(`curation bench: ${DAILY} events/day; lakes of 2 and 30 days; ${ROUNDS} rounds\n`);

// Set-up, untimed: the raw Parquet cache and a first curation.
for (const days of [2, 30] as const) {
  const t = performance.now();
  await timedQuery(lakes[days], oneDaySql(lastDay[days]));
  process.stderr.write(`  ${days}-day lake: first query of this run (cache and curation as the last run left them; from nothing on a new lake) ${s(performance.now() - t)}\n`);
}

// The answer must be the raw table's (once per lake: the raw answer is the expensive one).
for (const days of [2, 30] as const) {
  const curated = (await timedQuery(lakes[days], oneDaySql(lastDay[days]))).rows[0];
  const raw = (await runQuery({
    backend: 'local', lakeDir: lakes[days],
    sql: `SELECT count(*) AS n, sum(CAST(json_extract_scalar(body, '$.data.object.amount') AS bigint)) AS amount FROM event_lake.stripe_events_deduped
          WHERE json_extract_scalar(body, '$.data.object.object') = 'charge' AND substr(created, 1, 10) = '${dayText(lastDay[days])}'`,
  })).rows[0];
  if (JSON.stringify(curated) !== JSON.stringify(raw)) throw new Error(`${days}-day lake: curated ${JSON.stringify(curated)} != raw ${JSON.stringify(raw)}`);
  process.stderr.write(`  ${days}-day lake: one-day stripe_charges = raw-table answer ${JSON.stringify(curated)}\n`);
}

// Warm one-day queries, alternating.
const warm: Record<2 | 30, number[]> = { 2: [], 30: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const days of order(r)) warm[days].push((await timedQuery(lakes[days], oneDaySql(lastDay[days]))).ms);
}

// The same query on an open backend (what remains once DuckDB, views and checks are in place), and
// stripe_objects_latest (a view over the whole curated table: it is expected to grow with the archive):
// every object counted, and one object's row (cus_43: a customer with a new snapshot every 4 days at the default volume).
const queryOnly: Record<Days, number[]> = { 2: [], 30: [] };
const latest: Record<Days, number[]> = { 2: [], 30: [] };
const latestAll: Record<Days, number[]> = { 2: [], 30: [] };
const latestOne: Record<Days, number[]> = { 2: [], 30: [] };
const latestCounts: Partial<Record<Days, number>> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const days of order(r)) {
    const local = await openLocalBackend({ lakeDir: lakes[days] });
    try {
      let t = performance.now();
      await local.run(oneDaySql(lastDay[days]));
      queryOnly[days].push(performance.now() - t);
      t = performance.now();
      await local.run("SELECT count(*) AS n FROM event_lake.stripe_objects_latest WHERE object_type = 'customer'");
      latest[days].push(performance.now() - t);
      t = performance.now();
      const all = await local.run('SELECT count(*) AS n FROM event_lake.stripe_objects_latest');
      latestAll[days].push(performance.now() - t);
      latestCounts[days] = Number(all.rows[0]?.['n']);
      t = performance.now();
      const one = await local.run("SELECT * FROM event_lake.stripe_objects_latest WHERE object_id = 'cus_43'");
      latestOne[days].push(performance.now() - t);
      if (one.rows.length !== 1) throw new Error(`${days}-day lake: stripe_objects_latest has ${one.rows.length} rows for cus_43`);
    } finally {
      local.close();
    }
  }
}

// One more day lands, then the first query (cache conversion + incremental curation + query); undone after.
const nextDay: Record<2 | 30, number[]> = { 2: [], 30: [] };
let tag = 0;
const nextDayReport: Partial<Record<Days, CurationReport>> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const days of order(r)) {
    const lake = lakes[days];
    const manifest = path.join(curatedRoot(lake), 'manifest.json');
    const saved = await readFile(manifest, 'utf8');
    const added = await writeDay(lake, lastDay[days] + 1, `next${tag++}`);
    nextDay[days].push((await timedQuery(lake, oneDaySql(lastDay[days] + 1))).ms);
    if (r === 0) {
      // The same step's curation alone, for its size: undo the merge, curate again, keep the report.
      await writeFile(manifest, saved);
      const local = await openLocalBackend({ lakeDir: lake });
      try {
        nextDayReport[days] = await local.curate();
      } finally {
        local.close();
      }
    }
    for (const f of added) {
      await rm(f);
      await rm(path.join(cacheRoot(lake), path.relative(lake, f) + '.parquet'), { force: true });
    }
    await writeFile(manifest, saved);
  }
}

// pnpm curate --rebuild (in-process, as the command runs it).
const rebuild: Record<2 | 30, number[]> = { 2: [], 30: [] };
const sink = { write: () => true };
for (let r = 0; r < 2; r++) {
  for (const days of [2, 30] as const) {
    const t = performance.now();
    const code = await runCurateCli(['--rebuild', '--lake-dir', lakes[days]], {}, { stdout: sink, stderr: sink, stderrIsTTY: false }, { cwd: process.cwd() });
    if (code !== 0) throw new Error(`curate --rebuild exited ${code}`);
    rebuild[days].push(performance.now() - t);
  }
}

const profiles = { 2: await profile(lakes[2], oneDaySql(lastDay[2])), 30: await profile(lakes[30], oneDaySql(lastDay[30])) };

const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
process.stdout.write([
  `curation (${DAILY} events/day, ${ROUNDS} alternating rounds; medians; lakes under ${path.join('packages/query', `.lake-bench-curation-*-${DAILY}`)}, ${CACHE_DIR_NAME} kept)`,
  `  one-day stripe_charges query, warm (pnpm query: open, checks, query)   2-day ${s(median(warm[2]))} ${list(warm[2])}   30-day ${s(median(warm[30]))} ${list(warm[30])}   30/2 = ${ratio(warm[30], warm[2])} (target <= 1.3)`,
  `  the same query on an open backend (query alone)                      2-day ${s(median(queryOnly[2]))} ${list(queryOnly[2])}   30-day ${s(median(queryOnly[30]))} ${list(queryOnly[30])}   30/2 = ${ratio(queryOnly[30], queryOnly[2])}`,
  `  stripe_objects_latest, customers (open backend; a view over every day)  2-day ${s(median(latest[2]))} ${list(latest[2])}   30-day ${s(median(latest[30]))} ${list(latest[30])}`,
  `  stripe_objects_latest, count(*) (open backend)                          2-day ${s(median(latestAll[2]))} ${list(latestAll[2])}   30-day ${s(median(latestAll[30]))} ${list(latestAll[30])}   30/2 = ${ratio(latestAll[30], latestAll[2])} (${latestCounts[2]} / ${latestCounts[30]} objects)`,
  `  stripe_objects_latest, one object's row (cus_43; open backend)          2-day ${s(median(latestOne[2]))} ${list(latestOne[2])}   30-day ${s(median(latestOne[30]))} ${list(latestOne[30])}   30/2 = ${ratio(latestOne[30], latestOne[2])}`,
  `  first query after one more day lands (24 objects)                     2-day ${s(median(nextDay[2]))} ${list(nextDay[2])}   30-day ${s(median(nextDay[30]))} ${list(nextDay[30])}   30/2 = ${ratio(nextDay[30], nextDay[2])} (target <= 2)`,
  ...([2, 30] as const).map((d) => {
    const c = nextDayReport[d];
    return c ? `  that day's curation on the ${d}-day lake: ${c.objectsRead} objects, ${(c.bytesRead / 1e6).toFixed(1)} MB read, ${c.eventsMerged} events merged, ${c.rowsInserted} inserted, ${c.rowsReplaced} replaced, ${c.partitionsWritten} event_date partition(s) written` : '';
  }),
  `  pnpm curate --rebuild                                                  2-day ${s(median(rebuild[2]))} ${list(rebuild[2])}   30-day ${s(median(rebuild[30]))} ${list(rebuild[30])}`,
  `  rows scanned / files read by the one-day query (DuckDB profile)        2-day ${profiles[2].rows} rows, files ${profiles[2].files}   30-day ${profiles[30].rows} rows, files ${profiles[30].files}`,
  '  (bytes read: DuckDB\'s profile does not report them for Parquet scans)',
  '',
].join('\n'));
