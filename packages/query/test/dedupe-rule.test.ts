// The one dedupe rule (athena/views/stripe_events_deduped.sql): per event id a complete delivery first,
// then webhook over eventbridge over backfill, then the earliest received_at. Checked on the view and on
// the named queries that deduplicate inside their window, over a small hand-made lake.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { dedupedEventsSql, namedQuerySql, openLocalBackend, type LocalBackend } from '../src/index.js';
import { writeLakeObject } from '@event-lake/test-kit';

type Source = 'webhook' | 'eventbridge' | 'backfill';

const CREATED = 1_767_225_600; // 2026-01-01T00:00:00Z
const WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' };

/** A charge.failed event whose failure_message says which copy it is; padded so it can be split. */
function body(id: string, copy: string): string {
  const event = {
    id, object: 'event', type: 'charge.failed', created: CREATED, livemode: false, api_version: TEST_API_VERSION,
    data: { object: { id: `ch_${id}`, object: 'charge', amount: 500, currency: 'eur', failure_code: 'card_declined', failure_message: copy, metadata: { pad: 'x'.repeat(1500) } } },
  };
  return JSON.stringify(event, null, 2);
}

/** A new monthly subscription whose price says which copy it is. */
function subscriptionBody(id: string, unitAmount: number): string {
  const item = { price: { id: 'price_1', unit_amount: unitAmount, recurring: { interval: 'month', interval_count: 1 } }, quantity: 1 };
  const event = {
    id, object: 'event', type: 'customer.subscription.created', created: CREATED, livemode: false, api_version: TEST_API_VERSION,
    data: { object: { id: `sub_${id}`, object: 'subscription', customer: 'cus_1', status: 'active', currency: 'eur', items: { data: [item] } } },
  };
  return JSON.stringify(event, null, 2);
}

interface DeliveryOptions {
  readonly split?: boolean;
  /** Keep only these parts (a split delivery cut short). */
  readonly keepParts?: number[];
  /** Defaults to a charge.failed body naming the copy. */
  readonly body?: { readonly type: string; readonly text: string };
}

/** The archive lines of one delivery. */
function delivery(id: string, source: Source, receivedAt: string, options: DeliveryOptions = {}): string[] {
  const type = options.body?.type ?? 'charge.failed';
  const summary = { id, type, object: 'event' as const, created: '2026-01-01T00:00:00.000Z', livemode: false, api_version: TEST_API_VERSION, account: null };
  const lines = toArchiveLines(
    {
      // lake-format's writer knows webhook and backfill; an eventbridge line differs only in `source`.
      source: source === 'backfill' ? 'backfill' : 'webhook',
      deliveryId: `${id}-${source}-${receivedAt}`,
      receivedAt: new Date(receivedAt),
      signature: source === 'webhook' ? 't=1,v1=x' : null,
      body: options.body?.text ?? body(id, `${source} ${receivedAt}`),
      event: summary,
    },
    options.split ? 800 : undefined,
  );
  const kept = options.keepParts ? lines.filter((_, i) => options.keepParts!.includes(i)) : lines;
  return kept.map((l) => (source === 'eventbridge' ? `${JSON.stringify({ ...JSON.parse(l), source })}\n` : l));
}

let lakeDir: string;
let local: LocalBackend;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-dedupe-'));
  const lines = [
    // All three sources, each complete; the webhook copy arrived last.
    ...delivery('evt_three', 'backfill', '2026-01-01T00:01:00.000Z'),
    ...delivery('evt_three', 'eventbridge', '2026-01-01T00:02:00.000Z'),
    ...delivery('evt_three', 'webhook', '2026-01-01T00:03:00.000Z'),
    // No webhook copy: eventbridge wins over an earlier backfill.
    ...delivery('evt_eb', 'backfill', '2026-01-01T00:01:00.000Z'),
    ...delivery('evt_eb', 'eventbridge', '2026-01-01T00:02:00.000Z'),
    // Two webhook copies: the earlier one.
    ...delivery('evt_twice', 'webhook', '2026-01-01T00:02:00.000Z'),
    ...delivery('evt_twice', 'webhook', '2026-01-01T00:01:00.000Z'),
    // Issue #11 item 1: the first delivery stored only part 0 (deadline passed, 503); Stripe's retry stored it whole.
    ...delivery('evt_partial', 'webhook', '2026-01-01T00:01:00.000Z', { split: true, keepParts: [0] }),
    ...delivery('evt_partial', 'webhook', '2026-01-01T00:05:00.000Z', { split: true }),
    // A partial webhook delivery and a complete backfill: the complete copy, even from a lesser source.
    ...delivery('evt_partial_bf', 'webhook', '2026-01-01T00:01:00.000Z', { split: true, keepParts: [0, 1] }),
    ...delivery('evt_partial_bf', 'backfill', '2026-01-01T00:09:00.000Z'),
    // A subscription with an earlier backfill copy (price 1000) and a later webhook copy (price 2000).
    ...delivery('evt_sub', 'backfill', '2026-01-01T00:01:00.000Z', { body: { type: 'customer.subscription.created', text: subscriptionBody('evt_sub', 1000) } }),
    ...delivery('evt_sub', 'webhook', '2026-01-01T00:04:00.000Z', { body: { type: 'customer.subscription.created', text: subscriptionBody('evt_sub', 2000) } }),
    // Nothing complete at all: one row, body NULL.
    ...delivery('evt_broken', 'webhook', '2026-01-01T00:01:00.000Z', { split: true, keepParts: [1] }),
  ];
  expect(delivery('evt_partial', 'webhook', '2026-01-01T00:05:00.000Z', { split: true }).length).toBeGreaterThanOrEqual(3);
  await writeLakeObject(lakeDir, new Date('2026-01-01T00:00:00Z'), lines);
  local = await openLocalBackend({ lakeDir });
});

afterAll(async () => {
  local?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

const chosen = async () => {
  const { rows } = await local.run('SELECT id, source, received_at, delivery_count, body FROM event_lake.stripe_events_deduped ORDER BY id');
  return Object.fromEntries(rows.map((r) => [String(r['id']), r]));
};
const copyOf = (b: unknown) => (typeof b === 'string' ? (JSON.parse(b) as { data: { object: { failure_message: string } } }).data.object.failure_message : b);

describe('stripe_events_deduped', () => {
  it('prefers webhook over eventbridge over backfill, whatever arrived first', async () => {
    const rows = await chosen();
    expect(copyOf(rows['evt_three']?.['body'])).toBe('webhook 2026-01-01T00:03:00.000Z');
    expect(rows['evt_three']).toMatchObject({ source: 'webhook', delivery_count: 3 });
    expect(copyOf(rows['evt_eb']?.['body'])).toBe('eventbridge 2026-01-01T00:02:00.000Z');
    expect(copyOf(rows['evt_twice']?.['body'])).toBe('webhook 2026-01-01T00:01:00.000Z');
  });

  it('never lets a partial split delivery hide a complete copy (issue #11 item 1)', async () => {
    const rows = await chosen();
    expect(rows['evt_partial']).toMatchObject({ source: 'webhook', received_at: '2026-01-01T00:05:00.000Z', delivery_count: 2 });
    expect(rows['evt_partial']?.['body']).toBe(body('evt_partial', 'webhook 2026-01-01T00:05:00.000Z'));
    expect(rows['evt_partial_bf']).toMatchObject({ source: 'backfill', delivery_count: 2 });
    expect(rows['evt_partial_bf']?.['body']).toBe(body('evt_partial_bf', 'backfill 2026-01-01T00:09:00.000Z'));
    expect(rows['evt_broken']).toMatchObject({ body: null, delivery_count: 1 });
  });

  it('keeps an event with a partial first delivery in object_history', async () => {
    const { rows } = await local.run(await namedQuerySql('object_history', { object_id: 'ch_evt_partial' }));
    expect(rows).toEqual([expect.objectContaining({ event_id: 'evt_partial', status: null, received_at: '2026-01-01T00:05:00.000Z' })]);
  });
});

describe('named queries that deduplicate in their window use the same rule', () => {
  it('failed_payments shows the preferred copy of each event and skips none that has a complete copy', async () => {
    const { rows } = await local.run(await namedQuerySql('failed_payments', WINDOW));
    expect(Object.fromEntries(rows.map((r) => [r['event_id'], r['failure_message']]))).toEqual({
      evt_three: 'webhook 2026-01-01T00:03:00.000Z',
      evt_eb: 'eventbridge 2026-01-01T00:02:00.000Z',
      evt_twice: 'webhook 2026-01-01T00:01:00.000Z',
      evt_partial: 'webhook 2026-01-01T00:05:00.000Z',
      evt_partial_bf: 'backfill 2026-01-01T00:09:00.000Z',
      evt_broken: null,
    });
  });

  it('subscription_mrr_changes counts the webhook copy, not an earlier backfill', async () => {
    const { rows } = await local.run(await namedQuerySql('subscription_mrr_changes', WINDOW));
    expect(rows).toEqual([expect.objectContaining({ event_id: 'evt_sub', change: 'new', mrr_before: 0, mrr_after: 2000 })]);
  });
});

describe('dedupedEventsSql (for code such as replay)', () => {
  it('applies the same rule to the deliveries it selects; body IS NOT NULL keeps the complete ones', async () => {
    const sql = await dedupedEventsSql({ where: "dt = '2026-01-01' AND id IN ('evt_three', 'evt_partial', 'evt_broken')" });
    const { rows } = await local.run(`SELECT id, source, body FROM (${sql}) AS e WHERE body IS NOT NULL ORDER BY id`);
    expect(rows).toEqual([
      { id: 'evt_partial', source: 'webhook', body: body('evt_partial', 'webhook 2026-01-01T00:05:00.000Z') },
      { id: 'evt_three', source: 'webhook', body: body('evt_three', 'webhook 2026-01-01T00:03:00.000Z') },
    ]);
    const none = await dedupedEventsSql({ where: "dt = '2025-12-31'" });
    expect((await local.run(none)).rows).toEqual([]);
  });

  it('without a where, chooses what the view chooses over the whole table', async () => {
    const columns = 'id, source, delivery_id, body, delivery_count';
    const { rows } = await local.run(`SELECT ${columns} FROM (${await dedupedEventsSql()}) AS e ORDER BY id`);
    expect(rows.length).toBe(7);
    expect(rows).toEqual((await local.run(`SELECT ${columns} FROM event_lake.stripe_events_deduped ORDER BY id`)).rows);
  });
});
