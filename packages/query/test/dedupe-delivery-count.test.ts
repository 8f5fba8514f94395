// What the dedupe rule counts as one delivery, and which copy of a record it keeps: Firehose may write a
// record twice (even into another hour's object), a backfill run again keeps its delivery_id (derived from
// the event id) with a new received_at, and so does a redelivered EventBridge envelope. delivery_count
// counts distinct delivery ids; last_received_at is the latest arrival of any copy.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { dedupedEventsSql, openLocalBackend, type LocalBackend } from '../src/index.js';
import { writeLakeObject } from '@event-lake/test-kit';

const bodyOf = (id: string) => JSON.stringify({ id, object: 'event', type: 'customer.updated', created: 1_767_225_600, data: { object: { id: 'cus_1', description: 'é'.repeat(1200) } } }, null, 2);

/** The archive lines of one delivery of `id`; split into parts of at most 700 bytes when `split`. */
function delivery(id: string, source: 'webhook' | 'backfill', deliveryId: string, receivedAt: string, split = false): string[] {
  return toArchiveLines({
    source, deliveryId, receivedAt: new Date(receivedAt), signature: source === 'webhook' ? 't=1,v1=x' : null, body: bodyOf(id),
    event: { id, type: 'customer.updated', object: 'event', created: '2026-01-01T00:00:00.000Z', livemode: false, api_version: TEST_API_VERSION, account: null },
  }, split ? 700 : undefined);
}

let lakeDir: string;
let local: LocalBackend;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-dedupe-count-'));
  const splitWebhook = delivery('evt_dup_split', 'webhook', 'dlv-a', '2026-01-01T00:01:00.000Z', true);
  expect(splitWebhook.length).toBeGreaterThanOrEqual(3);
  const hour0 = [
    // A whole record written twice by Firehose: one delivery.
    ...delivery('evt_dup_whole', 'webhook', 'dlv-w', '2026-01-01T00:01:00.000Z'),
    ...delivery('evt_dup_whole', 'webhook', 'dlv-w', '2026-01-01T00:01:00.000Z'),
    // A split delivery written whole, then its last two parts written again in the next hour's object,
    // and a later retry from Stripe with its own delivery id: two deliveries, the split one chosen.
    ...splitWebhook,
    // A backfill run twice over the same event, whole and split: one delivery each, the first run chosen.
    ...delivery('evt_rerun', 'backfill', 'bf-1', '2026-01-01T00:10:00.000Z'),
    ...delivery('evt_rerun_split', 'backfill', 'bf-2', '2026-01-01T00:10:00.000Z', true),
  ];
  const hour1 = [
    ...splitWebhook.slice(-2),
    ...delivery('evt_dup_split', 'webhook', 'dlv-b', '2026-01-01T01:05:00.000Z'),
    ...delivery('evt_rerun', 'backfill', 'bf-1', '2026-01-01T01:20:00.000Z'),
    ...delivery('evt_rerun_split', 'backfill', 'bf-2', '2026-01-01T01:20:00.000Z', true),
  ];
  await writeLakeObject(lakeDir, new Date('2026-01-01T00:00:00Z'), hour0);
  await writeLakeObject(lakeDir, new Date('2026-01-01T01:00:00Z'), hour1);
  local = await openLocalBackend({ lakeDir });
});

afterAll(async () => {
  local?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

const EXPECTED = [
  { id: 'evt_dup_split', delivery_id: 'dlv-a', delivery_count: 2, received_at: '2026-01-01T00:01:00.000Z', last_received_at: '2026-01-01T01:05:00.000Z', body: bodyOf('evt_dup_split') },
  { id: 'evt_dup_whole', delivery_id: 'dlv-w', delivery_count: 1, received_at: '2026-01-01T00:01:00.000Z', last_received_at: '2026-01-01T00:01:00.000Z', body: bodyOf('evt_dup_whole') },
  { id: 'evt_rerun', delivery_id: 'bf-1', delivery_count: 1, received_at: '2026-01-01T00:10:00.000Z', last_received_at: '2026-01-01T01:20:00.000Z', body: bodyOf('evt_rerun') },
  { id: 'evt_rerun_split', delivery_id: 'bf-2', delivery_count: 1, received_at: '2026-01-01T00:10:00.000Z', last_received_at: '2026-01-01T01:20:00.000Z', body: bodyOf('evt_rerun_split') },
];

describe('the dedupe rule counts each delivery once', () => {
  it('stripe_events_deduped: duplicate records and re-used delivery ids count once; the first complete copy wins', async () => {
    const { rows } = await local.run('SELECT id, delivery_id, delivery_count, received_at, last_received_at, body FROM event_lake.stripe_events_deduped ORDER BY id');
    expect(rows).toEqual(EXPECTED);
  });

  it('dedupedEventsSql gives the same over a selection', async () => {
    const sql = await dedupedEventsSql({ where: "dt = '2026-01-01'" });
    const { rows } = await local.run(`SELECT id, delivery_id, delivery_count, received_at, last_received_at, body FROM (${sql}) AS e ORDER BY id`);
    expect(rows).toEqual(EXPECTED);
  });
});
