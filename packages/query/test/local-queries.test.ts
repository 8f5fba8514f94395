// Every view and named query on DuckDB over a generated lake, compared row for row with the model in
// expected.ts. Also: an empty lake gives empty results, not errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toArchiveLines, type ArchiveRecord } from '@event-lake/lake-format';
import { loadNamedQueries, namedQuerySql, openLocalBackend, runNamedQuery, runQuery, type LocalBackend } from '../src/index.js';
import { readSqlFiles } from '../src/athena-dir.js';
import * as model from './expected.js';
import { generateScenario, type ScenarioEvent, writeLakeObject, writeScenarioLake } from '@event-lake/test-kit';

const START = new Date('2026-03-10T22:00:00Z');
const END = new Date('2026-03-11T04:00:00Z'); // spans midnight: two days, six arrival hours
const ALL = { start: '2026-03-10T21:00:00Z', end: '2026-03-11T06:00:00Z' };

let lakeDir: string;
let events: ScenarioEvent[];
let records: ArchiveRecord[];
let local: LocalBackend;

const run = async (name: string, params: Record<string, string>) => (await local.run(await namedQuerySql(name, params))).rows;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-local-'));
  events = generateScenario({ start: START, spanHours: 5, events: 600, duplicateRate: 0.15, seed: 7 });
  // Every 40th event is split into parts, as toArchiveLines does for events above one Firehose record.
  await writeScenarioLake(lakeDir, events, { splitEvery: { nth: 40, maxLineBytes: 700 } });
  records = await model.readLakeRecords(lakeDir);
  local = await openLocalBackend({ lakeDir });
});

afterAll(async () => {
  local?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

describe('the generated lake', () => {
  it('has duplicates, split bodies, thin events and several arrival hours', () => {
    expect(records.some((r) => r.body_parts > 2)).toBe(true);
    expect(new Set(records.map((r) => r.id)).size).toBe(events.length);
    expect(events.some((e) => e.deliveries.length > 1)).toBe(true);
    expect(events.some((e) => e.summary.object === 'v2.core.event')).toBe(true);
    expect(new Set(records.map((r) => r.received_at.slice(0, 13))).size).toBeGreaterThanOrEqual(5);
  });
});

describe('table and views', () => {
  it('event_lake.stripe_events has one row per line, with the partition columns', async () => {
    const rows = (await local.run('SELECT count(*) AS n, count(DISTINCT dt) AS days, count(DISTINCT concat(dt, hour)) AS hours FROM event_lake.stripe_events')).rows;
    expect(rows).toEqual([{ n: records.length, days: 2, hours: new Set(records.map((r) => r.received_at.slice(0, 13))).size }]);
  });

  it('stripe_events_deduped has one row per event id, the first delivery, the count and the exact body', async () => {
    const rows = (await local.run('SELECT id, delivery_id, received_at, last_received_at, delivery_count, body FROM event_lake.stripe_events_deduped')).rows;
    expect(rows).toHaveLength(events.length);
    const want = model.eventsOf(model.deliveriesOf(records));
    for (const row of rows) {
      const e = want.get(String(row['id']))!;
      expect(row).toEqual({
        id: e.first.record.id, delivery_id: e.first.record.delivery_id, received_at: e.first.record.received_at,
        last_received_at: e.lastReceivedAt, delivery_count: e.deliveryCount, body: e.first.body,
      });
    }
    const original = new Map(events.map((e) => [e.summary.id, e]));
    for (const row of rows) {
      const e = original.get(String(row['id']))!;
      expect(row['body']).toBe(e.body); // reassembled parts reproduce the bytes received
      expect(row['delivery_count']).toBe(e.deliveries.length);
    }
  });

  it.each([
    ['stripe_payment_intents', 'payment_intent', 'payment_intent_id'],
    ['stripe_charges', 'charge', 'charge_id'],
    ['stripe_invoices', 'invoice', 'invoice_id'],
    ['stripe_subscriptions', 'subscription', 'subscription_id'],
    ['stripe_customers', 'customer', 'customer_id'],
    ['stripe_refunds', 'refund', 'refund_id'],
    ['stripe_disputes', 'dispute', 'dispute_id'],
  ])('%s has one row per %s event with its object id', async (view, objectType, idColumn) => {
    const want = events
      .filter((e) => model.get(JSON.parse(e.body), 'data', 'object', 'object') === objectType)
      .map((e) => ({ event_id: e.summary.id, object_id: e.objectId }))
      .sort((a, b) => a.event_id.localeCompare(b.event_id));
    expect(want.length).toBeGreaterThan(0);
    const rows = (await local.run(`SELECT event_id, ${idColumn} AS object_id FROM event_lake.${view} ORDER BY event_id`)).rows;
    expect(rows).toEqual(want);
  });

  it('typed views convert amounts, booleans and Stripe epoch timestamps', async () => {
    const e = events.find((x) => x.summary.type === 'charge.failed')!;
    const o = model.get(JSON.parse(e.body), 'data', 'object') as Record<string, unknown>;
    const rows = (await local.run(`SELECT amount, paid, failure_code, object_created_at, event_created_at FROM event_lake.stripe_charges WHERE event_id = '${e.summary.id}'`)).rows;
    expect(rows).toEqual([{
      amount: o['amount'], paid: false, failure_code: 'card_declined',
      object_created_at: new Date(Number(o['created']) * 1000).toISOString(), event_created_at: e.summary.created,
    }]);
    const subs = (await local.run(`SELECT DISTINCT billing_interval, item_count FROM event_lake.stripe_subscriptions ORDER BY 1`)).rows;
    expect(subs).toEqual([{ billing_interval: 'month', item_count: 1 }, { billing_interval: 'year', item_count: 1 }]);
  });
});

describe('named queries', () => {
  it('every named query is covered by this test', async () => {
    expect((await loadNamedQueries()).map((q) => q.name).sort()).toEqual([
      'delivery_lag_percentiles', 'duplicate_delivery_rate', 'event_by_id', 'events_per_account', 'failed_payments',
      'object_history', 'subscription_mrr_changes', 'volume_by_type_per_day',
    ]);
  });

  it('volume_by_type_per_day counts every event sent, by type and day', async () => {
    const rows = await run('volume_by_type_per_day', ALL);
    expect(rows).toEqual(model.volumeByTypePerDay(records, new Date(ALL.start), new Date(ALL.end)));
    expect(rows.reduce((n, r) => n + Number(r['events']), 0)).toBe(events.length);
    const sent = new Map<string, number>();
    for (const e of events) sent.set(e.summary.type, (sent.get(e.summary.type) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const r of rows) got.set(String(r['type']), (got.get(String(r['type'])) ?? 0) + Number(r['events']));
    expect(got).toEqual(sent);
  });

  it('volume_by_type_per_day filters created exactly inside the widened partition window', async () => {
    const start = '2026-03-10T23:30:00Z';
    const end = '2026-03-11T00:45:00Z';
    const rows = await run('volume_by_type_per_day', { start, end });
    const want = model.volumeByTypePerDay(records, new Date(start), new Date(end));
    expect(want.length).toBeGreaterThan(3);
    expect(rows).toEqual(want);
  });

  it('delivery_lag_percentiles gives per-day nearest-rank percentiles of received_at - created', async () => {
    const rows = await run('delivery_lag_percentiles', ALL);
    expect(rows).toEqual(model.deliveryLagPercentiles(records, new Date(ALL.start), new Date(ALL.end)));
    expect(rows.reduce((n, r) => n + Number(r['deliveries']), 0)).toBe(events.reduce((n, e) => n + e.deliveries.length, 0));
  });

  it('duplicate_delivery_rate counts duplicate deliveries per day of first arrival', async () => {
    const rows = await run('duplicate_delivery_rate', ALL);
    expect(rows).toEqual(model.duplicateDeliveryRate(records, new Date(ALL.start), new Date(ALL.end)));
    const dups = events.reduce((n, e) => n + e.deliveries.length - 1, 0);
    expect(rows.reduce((n, r) => n + Number(r['duplicate_deliveries']), 0)).toBe(dups);
  });

  it('failed_payments lists each failed payment once', async () => {
    const rows = await run('failed_payments', ALL);
    const want = model.failedPayments(records, new Date(ALL.start), new Date(ALL.end));
    expect(want.length).toBeGreaterThan(10);
    expect(rows).toEqual(want);
  });

  it('subscription_mrr_changes classifies new, expansion, churn', async () => {
    const rows = await run('subscription_mrr_changes', ALL);
    const want = model.subscriptionMrrChanges(records, new Date(ALL.start), new Date(ALL.end));
    expect(new Set(want.map((r) => r.change))).toEqual(new Set(['new', 'expansion', 'contraction', 'churn']));
    expect(rows).toEqual(want);
  });

  it('events_per_account groups Connect accounts and the platform (NULL)', async () => {
    const rows = await run('events_per_account', ALL);
    expect(rows).toEqual(model.eventsPerAccount(records, new Date(ALL.start), new Date(ALL.end)));
    expect(rows.some((r) => r['account'] === null)).toBe(true);
  });

  it('object_history returns every event of one object, in order', async () => {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.objectId, (counts.get(e.objectId) ?? 0) + 1);
    const [objectId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const rows = await run('object_history', { object_id: objectId });
    expect(rows).toEqual(model.objectHistory(records, objectId));
    expect(rows).toHaveLength(counts.get(objectId)!);
    const created = rows.map((r) => String(r['created']));
    expect(created).toEqual([...created].sort());
  });

  it('event_by_id returns one row with the reassembled body of a split, duplicated event', async () => {
    const e = events.find((x, i) => i % 40 === 0 && x.deliveries.length > 1) ?? events[0]!;
    const rows = await run('event_by_id', { event_id: e.summary.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: e.summary.id, type: e.summary.type, delivery_count: e.deliveries.length, body: e.body });
    expect(await run('event_by_id', { event_id: "evt_nope' OR '1'='1" })).toEqual([]);
  });

  it('runNamedQuery and runQuery give the same rows as an open backend', async () => {
    const viaApi = await runNamedQuery('events_per_account', ALL, { backend: 'local', lakeDir });
    expect(viaApi.rows).toEqual(await run('events_per_account', ALL));
    const n = await runQuery({ backend: 'local', lakeDir, sql: 'SELECT count(*) AS n FROM event_lake.stripe_events_deduped' });
    expect(n).toMatchObject({ columns: ['n'], rows: [{ n: events.length }], stats: { backend: 'local' } });
  });
});

describe('an empty lake', () => {
  it('gives empty results from every view and named query, not errors', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'query-empty-'));
    const backend = await openLocalBackend({ lakeDir: empty });
    try {
      for (const view of await readSqlFiles('views')) {
        expect((await backend.run(`SELECT * FROM event_lake.${view.name}`)).rows).toEqual([]);
      }
      for (const q of await loadNamedQueries()) {
        const params = Object.fromEntries(q.params.map((p) => [p.name, p.type === 'timestamp' ? '2026-01-01' : 'x']));
        expect((await backend.run(await namedQuerySql(q.name, params))).rows).toEqual([]);
      }
    } finally {
      backend.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('a lake holding both a backfilled copy and a webhook delivery of one event', () => {
  it('stripe_events_deduped keeps the webhook delivery, which has the original bytes and signature', async () => {
    const lake = await mkdtemp(path.join(os.tmpdir(), 'query-backfill-'));
    const body = JSON.stringify({ id: 'evt_bf', object: 'event', type: 'charge.succeeded', created: 1_767_225_600, livemode: false, data: { object: { id: 'ch_1' } } });
    const event = { id: 'evt_bf', type: 'charge.succeeded', object: 'event' as const, created: '2026-01-01T00:00:00.000Z', livemode: false, api_version: null, account: null };
    const line = (source: 'webhook' | 'backfill', receivedAt: string) =>
      toArchiveLines({ source, deliveryId: `${source}-1`, receivedAt: new Date(receivedAt), signature: source === 'webhook' ? 't=1,v1=x' : null, body, event });
    // The backfill wrote its copy before Stripe's retried webhook delivery arrived.
    await writeLakeObject(lake, new Date('2026-01-01T00:00:00Z'), [...line('backfill', '2026-01-01T00:10:00Z'), ...line('webhook', '2026-01-01T00:50:00Z')], { name: 'x.gz' });
    const backend = await openLocalBackend({ lakeDir: lake });
    try {
      const { rows } = await backend.run('SELECT id, source, signature, delivery_count FROM event_lake.stripe_events_deduped');
      expect(rows).toEqual([{ id: 'evt_bf', source: 'webhook', signature: 't=1,v1=x', delivery_count: 2 }]);
    } finally {
      backend.close();
      await rm(lake, { recursive: true, force: true });
    }
  });
});
