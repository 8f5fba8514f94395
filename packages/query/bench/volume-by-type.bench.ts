// pnpm bench (query section): volume_by_type_per_day over 1,000,000 archived events on the local backend.
// The lake is generated once into packages/query/.lake-bench/ (gitignored) and reused.
// Bodies are small (~0.5 KB pretty-printed snapshot events) rather than Stripe's typical 2-5 KB so the
// lake stays ~40 MB gzipped instead of 3+ GB; the query reads only created/type/id/delivery_id/dt/hour.
// BENCH_BODY_BYTES=3000 pads every body to about that size (its own cached lake) for a realistic figure.
import { DATA_PREFIX_TEMPLATE, DEFAULT_DELIVERY_STREAM_NAME, evaluatePrefix, objectName, toArchiveLines } from '@event-lake/lake-format';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { namedQuerySql, openLocalBackend, runNamedQuery } from '../src/index.js';

const EVENTS = 1_000_000;
const HOURS = 48;
const START = Date.UTC(2026, 0, 1);
const ROUNDS = 5;
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
        id, object: 'event', api_version: '2025-03-31.basil', created, livemode: false, pending_webhooks: 1, type,
        request: { id: `req_${n}`, idempotency_key: null },
        data: { object: { id: `pi_${n}`, object: 'payment_intent', amount: 1000 + (n % 5000), currency: 'usd', status: 'succeeded', customer: `cus_${n % 9973}`, metadata: {} as Record<string, string> } },
      };
      if (BODY_BYTES > 0) event.data.object.metadata['note'] = padding(n, BODY_BYTES - JSON.stringify(event, null, 2).length);
      const body = JSON.stringify(event, null, 2);
      lines.push(...toArchiveLines({
        source: 'webhook', deliveryId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        receivedAt: new Date(created * 1000 + 850), signature: `t=${created},v1=${'0'.repeat(64)}`, body,
        event: { id, type, object: 'event', created: new Date(created * 1000).toISOString(), livemode: false, api_version: '2025-03-31.basil', account: null },
      }));
    }
    const dir = path.join(LAKE, evaluatePrefix(DATA_PREFIX_TEMPLATE, at));
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, objectName(DEFAULT_DELIVERY_STREAM_NAME, 1, at, `bench-${h}`)), gzipSync(lines.join(''), { level: 1 }));
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

await generate();
const params = { start: '2026-01-01', end: '2026-01-03' };
const cold: number[] = [];
const warm: number[] = [];
let total = 0;
for (let r = 0; r < ROUNDS; r++) {
  // Cold: what `pnpm query volume_by_type_per_day` does (new DuckDB, views, query).
  const t0 = performance.now();
  const result = await runNamedQuery('volume_by_type_per_day', params, { backend: 'local', lakeDir: LAKE });
  cold.push(performance.now() - t0);
  total = result.rows.reduce((s, row) => s + Number(row['events']), 0);
  // Warm: the query alone on an open backend.
  const backend = await openLocalBackend({ lakeDir: LAKE });
  const sql = await namedQuerySql('volume_by_type_per_day', params);
  const t1 = performance.now();
  await backend.run(sql);
  warm.push(performance.now() - t1);
  backend.close();
}
if (total !== EVENTS) throw new Error(`expected ${EVENTS} events counted, got ${total}`);
const marker = await readFile(MARKER, 'utf8');
console.log(`query bench: volume_by_type_per_day over ${marker.trim()} (${HOURS} hourly objects), ${ROUNDS} rounds`);
console.log(`  end to end (open DuckDB + views + query): median ${(median(cold) / 1000).toFixed(2)} s  [${cold.map((x) => (x / 1000).toFixed(2)).join(', ')}]`);
console.log(`  query only:                               median ${(median(warm) / 1000).toFixed(2)} s  [${warm.map((x) => (x / 1000).toFixed(2)).join(', ')}]`);
console.log(`  target < 3 s: ${median(cold) < 3000 ? 'met' : 'MISSED'}`);
