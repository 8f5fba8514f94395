// End to end: ~2,000 signed Stripe events of many types (duplicates, split bodies, thin events, Connect)
// posted to the real ingress app, which writes through the AWS SDK to firehose-local, which delivers
// gzipped objects into hour partitions (both run on one injected clock spanning six hours). Then every
// view and named query on the local backend is compared with the model computed from what was sent.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { DEFAULT_DELIVERY_STREAM_NAME, type ArchiveRecord } from '@event-lake/lake-format';
import { createFirehoseLocal, type FirehoseLocal } from '@event-lake/firehose-local';
import { createFirehoseClient, createFirehoseWriter, LOCAL_CREDENTIALS, sdkFirehosePort, type FirehoseWriter } from '@event-lake/firehose-writer';
import { createApp, createIngressMetrics, createLogger, WEBHOOK_PATH } from '@event-lake/ingress';
import { namedQuerySql, openLocalBackend, type LocalBackend } from '../src/index.js';
import * as model from './expected.js';
import { generateScenario, type ScenarioEvent } from '@event-lake/test-kit';

const SECRET = 'whsec_e2e_0123456789abcdef0123456789abcdef';
const START = new Date('2026-03-10T22:00:00Z');
const WINDOW = { start: '2026-03-10T21:00:00Z', end: '2026-03-11T06:00:00Z' };

let lakeDir: string;
let firehose: FirehoseLocal;
let writer: FirehoseWriter;
let server: Server;
let local: LocalBackend;
let events: ScenarioEvent[];
let records: ArchiveRecord[];
const sent: Array<{ id: string; receivedAt: string }> = [];
// The ingress and firehose-local read a clock frozen per chunk (so received_at and partitions are exact);
// the writer's clock starts there and runs in real time (its linger and deadline timers need time to pass).
const clock = { ms: START.getTime(), setAt: Date.now() };
const setClock = (ms: number) => Object.assign(clock, { ms, setAt: Date.now() });

const sign = (body: string, t: number) => `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-e2e-'));
  events = [
    ...generateScenario({ start: START, spanHours: 5, events: 2000, duplicateRate: 0.12, seed: 11 }),
    // One lifecycle of events above one Firehose record (1,024,000 bytes): the ingress splits them into parts.
    ...generateScenario({ start: START, spanHours: 5, events: 1, duplicateRate: 0, seed: 12, padBytes: 1_050_000 }),
  ];

  firehose = await createFirehoseLocal({ lakeDir, now: () => new Date(clock.ms), bufferIntervalSeconds: 900, bufferSizeMiB: 128 });
  const { url: firehoseUrl } = await firehose.listen(0, '127.0.0.1');
  const client = createFirehoseClient({ region: 'us-east-1', endpoint: firehoseUrl, requestTimeoutMs: 20_000, credentials: LOCAL_CREDENTIALS });
  writer = createFirehoseWriter(sdkFirehosePort(client, DEFAULT_DELIVERY_STREAM_NAME), { lingerMs: 5, now: () => clock.ms + (Date.now() - clock.setAt) });
  const registry = new Registry();
  const app = createApp({
    config: { webhookSecrets: [SECRET], bodyLimitBytes: 4 * 1024 * 1024, requestDeadlineMs: 20_000, signatureToleranceSeconds: 300, maxInFlightBytes: 256 * 1024 * 1024 },
    writer, logger: createLogger('silent'), registry, metrics: createIngressMetrics(registry), now: () => clock.ms,
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;

  // Deliveries in arrival order, sent in concurrent chunks that share one clock reading within one hour;
  // firehose-local is flushed at each hour boundary so objects land in the hour partition they arrived in.
  const planned = events.flatMap((e) => e.deliveries.map((at) => ({ e, at: at.getTime() }))).sort((a, b) => a.at - b.at);
  let hour = -1;
  for (let i = 0; i < planned.length; ) {
    const h = Math.floor(planned[i]!.at / 3_600_000);
    const chunk = [];
    while (i < planned.length && chunk.length < 50 && Math.floor(planned[i]!.at / 3_600_000) === h) chunk.push(planned[i++]!);
    if (h !== hour) {
      await firehose.flush();
      hour = h;
    }
    setClock(chunk.at(-1)!.at);
    const t = Math.floor(clock.ms / 1000);
    const answers = await Promise.all(chunk.map(({ e }) =>
      fetch(webhook, { method: 'POST', body: e.body, headers: { 'content-type': 'application/json', 'stripe-signature': sign(e.body, t) } })
        .then(async (res) => ({ status: res.status, text: await res.text() }))));
    for (const a of answers) if (a.status !== 200) throw new Error(`ingress answered ${a.status}: ${a.text} (chunk at ${i}/${planned.length}, big=${chunk.some(({ e }) => e.body.length > 1e6)})`);
    for (const { e } of chunk) sent.push({ id: e.summary.id, receivedAt: new Date(clock.ms).toISOString() });
  }
  await firehose.flush();
  records = await model.readLakeRecords(lakeDir);
  local = await openLocalBackend({ lakeDir });
}, 300_000);

afterAll(async () => {
  local?.close();
  await writer?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await firehose?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

const run = async (name: string, params: Record<string, string>) => (await local.run(await namedQuerySql(name, params))).rows;

describe('ingress → firehose-local → DuckDB', () => {
  it('stored every delivery sent, at the time it was received, across several hour partitions', async () => {
    const stored = model.deliveriesOf(records).map((d) => `${d.record.id}@${d.record.received_at}`).sort();
    expect(stored).toEqual(sent.map((s) => `${s.id}@${s.receivedAt}`).sort());
    expect(records.some((r) => r.body_parts > 1)).toBe(true);
    const partitions = (await local.run('SELECT DISTINCT dt, hour FROM event_lake.stripe_events ORDER BY dt, hour')).rows;
    expect(partitions.length).toBeGreaterThanOrEqual(5);
    // Each delivery sits in the partition of the hour it arrived in.
    const misplaced = await local.run(`SELECT count(*) AS n FROM event_lake.stripe_events WHERE concat(dt, 'T', hour) <> substr(received_at, 1, 13)`);
    expect(misplaced.rows).toEqual([{ n: 0 }]);
  });

  it('volume_by_type_per_day: counts by type equal what was sent', async () => {
    const rows = await run('volume_by_type_per_day', WINDOW);
    expect(rows).toEqual(model.volumeByTypePerDay(records, new Date(WINDOW.start), new Date(WINDOW.end)));
    const sentByType = new Map<string, number>();
    for (const e of events) sentByType.set(e.summary.type, (sentByType.get(e.summary.type) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const r of rows) got.set(String(r['type']), (got.get(String(r['type'])) ?? 0) + Number(r['events']));
    expect(got).toEqual(sentByType);
    expect(sentByType.size).toBeGreaterThanOrEqual(15);
  });

  it('stripe_events_deduped: one row per id, first delivery, delivery count, exact body', async () => {
    const rows = (await local.run('SELECT id, received_at, delivery_count, body FROM event_lake.stripe_events_deduped')).rows;
    expect(rows).toHaveLength(events.length);
    const byId = new Map(events.map((e) => [e.summary.id, e]));
    const firstSent = new Map<string, string>();
    for (const s of sent) if (!firstSent.has(s.id) || s.receivedAt < firstSent.get(s.id)!) firstSent.set(s.id, s.receivedAt);
    for (const row of rows) {
      const e = byId.get(String(row['id']))!;
      expect(row).toEqual({ id: e.summary.id, received_at: firstSent.get(e.summary.id), delivery_count: e.deliveries.length, body: e.body });
    }
  });

  it.each(['stripe_payment_intents', 'stripe_charges', 'stripe_invoices', 'stripe_subscriptions', 'stripe_customers', 'stripe_refunds', 'stripe_disputes'])(
    '%s has one row per event of its object type',
    async (view) => {
      const objectType = view.replace(/^stripe_/, '').replace(/s$/, '');
      const want = events.filter((e) => model.get(JSON.parse(e.body), 'data', 'object', 'object') === objectType).map((e) => e.summary.id).sort();
      expect(want.length).toBeGreaterThan(0);
      const rows = (await local.run(`SELECT event_id FROM event_lake.${view} ORDER BY event_id`)).rows.map((r) => r['event_id']);
      expect(rows).toEqual(want);
    },
  );

  it('delivery lag percentiles are right', async () => {
    const rows = await run('delivery_lag_percentiles', WINDOW);
    expect(rows).toEqual(model.deliveryLagPercentiles(records, new Date(WINDOW.start), new Date(WINDOW.end)));
    // And, independently of the lake, from the send log: lag = clock at sending - created.
    const created = new Map(events.map((e) => [e.summary.id, Date.parse(e.summary.created)]));
    const lags = sent.map((s) => Date.parse(s.receivedAt) - created.get(s.id)!).sort((a, b) => a - b);
    expect(rows.reduce((n, r) => n + Number(r['deliveries']), 0)).toBe(lags.length);
    expect(Math.max(...rows.map((r) => Number(r['max_ms'])))).toBe(lags.at(-1));
  });

  it('duplicate_delivery_rate, failed_payments, subscription_mrr_changes, events_per_account match the model', async () => {
    const [s, e] = [new Date(WINDOW.start), new Date(WINDOW.end)];
    expect(await run('duplicate_delivery_rate', WINDOW)).toEqual(model.duplicateDeliveryRate(records, s, e));
    const dupes = events.reduce((n, x) => n + x.deliveries.length - 1, 0);
    expect((await run('duplicate_delivery_rate', WINDOW)).reduce((n, r) => n + Number(r['duplicate_deliveries']), 0)).toBe(dupes);
    expect(await run('failed_payments', WINDOW)).toEqual(model.failedPayments(records, s, e));
    expect(await run('subscription_mrr_changes', WINDOW)).toEqual(model.subscriptionMrrChanges(records, s, e));
    expect(await run('events_per_account', WINDOW)).toEqual(model.eventsPerAccount(records, s, e));
  });

  it('object_history is complete and ordered; event_by_id finds a split event', async () => {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.objectId, (counts.get(e.objectId) ?? 0) + 1);
    for (const [objectId, n] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
      const rows = await run('object_history', { object_id: objectId });
      expect(rows).toHaveLength(n);
      expect(rows).toEqual(model.objectHistory(records, objectId));
      const want = events.filter((e) => e.objectId === objectId).sort((a, b) => a.summary.created.localeCompare(b.summary.created)).map((e) => e.summary.id);
      expect(rows.map((r) => r['event_id'])).toEqual(want);
    }
    const big = events.at(-1)!;
    const rows = await run('event_by_id', { event_id: big.summary.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['body']).toBe(big.body);
  });
});
