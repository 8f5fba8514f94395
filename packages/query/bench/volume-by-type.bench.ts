// pnpm bench (query section): volume_by_type_per_day over 1,000,000 archived events on the local backend:
// without the Parquet cache, cold (first query, converting every object) and warm (cache in place).
// The lake is generated once into packages/query/.lake-bench/ (gitignored) and reused; the bench deletes
// and rebuilds its <lake>/.query-cache/ for the cold rounds.
// Bodies are small (~0.5 KB pretty-printed snapshot events) rather than Stripe's typical 2-5 KB so the
// lake stays ~40 MB gzipped instead of 3+ GB; the query reads only created/type/id/delivery_id/dt/hour.
// BENCH_BODY_BYTES=3000 pads every body to about that size (its own cached lake) for a realistic figure.
import { toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { writeLakeObject } from '@event-lake/test-kit';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR_NAME, namedQuerySql, openLocalBackend, runNamedQuery } from '../src/index.js';

const EVENTS = 1_000_000;
const HOURS = 48;
const START = Date.UTC(2026, 0, 1);
const ROUNDS = 5;
/** Uncached and cold rounds: each reads (cold: converts) the whole lake, so fewer. */
const COLD_ROUNDS = 3;
const BODY_BYTES = Number(process.env['BENCH_BODY_BYTES'] ?? 0);
const LAKE = fileURLToPath(new URL(BODY_BYTES > 0 ? `../.lake-bench-${BODY_BYTES}/` : '../.lake-bench/', import.meta.url));
const MARKER = path.join(LAKE, `complete-${EVENTS}-${HOURS}.txt`);
const TYPES = ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded', 'invoice.paid', 'customer.updated',
  'customer.subscription.updated', 'payment_intent.payment_failed', 'charge.refunded', 'invoice.payment_failed', 'checkout.session.completed'];

async function generate(): Promise<void> {
  if (existsSync(MARKER)) return;
  await rm(LAKE, { recursive: true, force: true });
  const started = performance.now();
  const perHour = EVENTS / HOURS;
  let n = 0;
  for (let h = 0; h < HOURS; h++) {
    const at = new Date(START + h * 3_600_000);
    const lines: string[] = [];
    for (let i = 0; i < perHour && n < EVENTS; i++, n++) {
      const created = Math.floor(at.getTime() / 1000) + Math.floor((i / perHour) * 3600);
      const type = TYPES[n % TYPES.length]!;
      const id = `evt_bench${String(n).padStart(10, '0')}`;
      const event = {
        id, object: 'event', api_version: TEST_API_VERSION, created, livemode: false, pending_webhooks: 1, type,
        request: { id: `req_${n}`, idempotency_key: null },
        data: { object: { id: `pi_${n}`, object: 'payment_intent', amount: 1000 + (n % 5000), currency: 'usd', status: 'succeeded', customer: `cus_${n % 9973}`, metadata: {} as Record<string, string> } },
      };
      if (BODY_BYTES > 0) event.data.object.metadata['note'] = padding(n, BODY_BYTES - JSON.stringify(event, null, 2).length);
      const body = JSON.stringify(event, null, 2);
      lines.push(...toArchiveLines({
        source: 'webhook', deliveryId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        receivedAt: new Date(created * 1000 + 850), signature: `t=${created},v1=${'0'.repeat(64)}`, body,
        event: { id, type, object: 'event', created: new Date(created * 1000).toISOString(), livemode: false, api_version: TEST_API_VERSION, account: null },
      }));
    }
    await writeLakeObject(LAKE, at, lines, { uuid: `bench-${h}`, gzipLevel: 1 });
  }
  await writeFile(MARKER, `${n} events\n`);
  process.stderr.write(`generated ${n} events in ${((performance.now() - started) / 1000).toFixed(1)} s into ${LAKE}\n`);
}

/** Varied text (not one repeated string, which gzip would squeeze to nothing). */
function padding(seed: number, length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${((seed * 2654435761 + i * 40503) >>> 0).toString(36)} `;
  return text.slice(0, Math.max(0, length));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (xs: number[]) => `[${xs.map((x) => (x / 1000).toFixed(2)).join(', ')}]`;

/** Bytes of every file under `dir` (0 if missing). */
async function du(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  return total;
}

await generate();
const params = { start: '2026-01-01', end: '2026-01-03' };
const options = { backend: 'local', lakeDir: LAKE } as const;
const cacheDir = path.join(LAKE, CACHE_DIR_NAME);
const countOf = (rows: ReadonlyArray<Record<string, unknown>>) => rows.reduce((s, row) => s + Number(row['events']), 0);
const check = (rows: ReadonlyArray<Record<string, unknown>>, what: string) => {
  if (countOf(rows) !== EVENTS) throw new Error(`${what}: expected ${EVENTS} events counted, got ${countOf(rows)}`);
};

// Uncached: what `pnpm query --no-cache volume_by_type_per_day` does (gunzip + JSON on every query).
const uncached: number[] = [];
for (let r = 0; r < COLD_ROUNDS; r++) {
  const t = performance.now();
  check((await runNamedQuery('volume_by_type_per_day', params, { ...options, cache: false })).rows, 'uncached');
  uncached.push(performance.now() - t);
}
// Cold: the first `pnpm query` on a lake nobody queried yet: converts all 48 objects, then queries.
const cold: number[] = [];
for (let r = 0; r < COLD_ROUNDS; r++) {
  await rm(cacheDir, { recursive: true, force: true });
  const t = performance.now();
  check((await runNamedQuery('volume_by_type_per_day', params, options)).rows, 'cold');
  cold.push(performance.now() - t);
}
const cacheBytes = await du(cacheDir);
// Warm: every later `pnpm query` (new DuckDB, cache check, views, query on the Parquet files).
const warm: number[] = [];
const queryOnly: number[] = [];
const sql = await namedQuerySql('volume_by_type_per_day', params);
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  check((await runNamedQuery('volume_by_type_per_day', params, options)).rows, 'warm');
  warm.push(performance.now() - t0);
  const backend = await openLocalBackend({ lakeDir: LAKE });
  const t1 = performance.now();
  check((await backend.run(sql)).rows, 'query only');
  queryOnly.push(performance.now() - t1);
  backend.close();
}
// A small lookup repeated, as backfill --wait checks every 15 s whether written ids are in the lake:
// reopening the backend for each check (before) against one open backend that re-checks the lake for
// new objects before each statement (now), in alternating rounds.
const lookup = "SELECT DISTINCT id FROM event_lake.stripe_events WHERE dt BETWEEN '2026-01-02' AND '2026-01-03' AND id IN ('evt_bench0000999999', 'evt_nope')";
const reopen: number[] = [];
const reuse: number[] = [];
const kept = await openLocalBackend({ lakeDir: LAKE });
await kept.run(lookup); // the first statement after opening skips the lake check; measure the later ones
for (let r = 0; r < ROUNDS * 2; r++) {
  const t0 = performance.now();
  const fresh = await openLocalBackend({ lakeDir: LAKE });
  if ((await fresh.run(lookup)).rows.length !== 1) throw new Error('lookup (reopen): expected one id');
  fresh.close();
  reopen.push(performance.now() - t0);
  const t1 = performance.now();
  if ((await kept.run(lookup)).rows.length !== 1) throw new Error('lookup (reuse): expected one id');
  reuse.push(performance.now() - t1);
}
kept.close();
const marker = await readFile(MARKER, 'utf8');
const lakeBytes = await du(path.join(LAKE, 'events'));
console.log(`query bench: volume_by_type_per_day over ${marker.trim()} (${HOURS} hourly objects, ${(lakeBytes / 2 ** 20).toFixed(0)} MiB gzipped; Parquet cache ${(cacheBytes / 2 ** 20).toFixed(0)} MiB)`);
console.log(`  uncached (--no-cache), end to end:            median ${seconds(median(uncached))}  ${list(uncached)}`);
console.log(`  cold: first query, converting every object:   median ${seconds(median(cold))}  ${list(cold)}`);
console.log(`  warm: end to end on the cache (pnpm query):   median ${seconds(median(warm))}  ${list(warm)}`);
console.log(`  warm: query only, on an open backend:         median ${seconds(median(queryOnly))}  ${list(queryOnly)}`);
console.log(`  lookup, reopening the backend per check:    median ${seconds(median(reopen))}  ${list(reopen)}`);
console.log(`  lookup, on one open backend (lake re-checked): median ${seconds(median(reuse))}  ${list(reuse)}; reopen/reuse ${(median(reopen) / median(reuse)).toFixed(1)}x`);
console.log(`  target < 3 s (warm, end to end): ${median(warm) < 3000 ? 'met' : 'MISSED'}; cold is paid once per object`);
