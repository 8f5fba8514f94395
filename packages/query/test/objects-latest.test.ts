// stripe_objects_latest: one row per object, from its newest snapshot event (created, then received_at,
// then event id), with the right deleted flag, whatever order the events arrived in; thin events do not
// change it.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { openLocalBackend } from '../src/index.js';
import { shuffled } from './curation-fixtures.js';
import { writeLakeObject } from '@event-lake/test-kit';

interface Ev { id: string; type: string; created: number; receivedAt: string; object?: Record<string, unknown>; thin?: boolean }

const T = Date.UTC(2026, 0, 2) / 1000;
const customer = (extra: Record<string, unknown>) => ({ id: 'cus_1', object: 'customer', email: 'a@example.com', ...extra });
const EVENTS: Ev[] = [
  { id: 'evt_c1', type: 'customer.created', created: T, receivedAt: '2026-01-02T00:00:01.000Z', object: customer({}) },
  { id: 'evt_c2', type: 'customer.updated', created: T + 60, receivedAt: '2026-01-02T00:01:01.000Z', object: customer({ email: 'b@example.com' }) },
  // Same second as evt_c2, received later: it wins the tie.
  { id: 'evt_c3', type: 'customer.updated', created: T + 60, receivedAt: '2026-01-02T00:01:05.000Z', object: customer({ email: 'c@example.com' }) },
  { id: 'evt_s1', type: 'customer.subscription.created', created: T, receivedAt: '2026-01-02T00:00:02.000Z', object: { id: 'sub_1', object: 'subscription', status: 'active' } },
  { id: 'evt_s2', type: 'customer.subscription.deleted', created: T + 3600, receivedAt: '2026-01-02T01:00:02.000Z', object: { id: 'sub_1', object: 'subscription', status: 'canceled' } },
  { id: 'evt_p1', type: 'product.updated', created: T + 10, receivedAt: '2026-01-02T00:00:12.000Z', object: { id: 'prod_1', object: 'product', deleted: true } },
  // A thin event about the customer, newer than everything: carries no state, changes nothing.
  { id: 'evt_thin', type: 'v1.customer.updated', created: T + 7200, receivedAt: '2026-01-02T02:00:00.000Z', thin: true },
];

function lines(e: Ev): string[] {
  const created = new Date(e.created * 1000).toISOString();
  const body = e.thin
    ? JSON.stringify({ id: e.id, object: 'v2.core.event', type: e.type, created, livemode: false, related_object: { id: 'cus_1', type: 'customer', url: '/v1/customers/cus_1' } })
    : JSON.stringify({ id: e.id, object: 'event', type: e.type, created: e.created, livemode: false, api_version: TEST_API_VERSION, data: { object: e.object } });
  return toArchiveLines({
    source: 'webhook', deliveryId: `d-${e.id}`, receivedAt: new Date(e.receivedAt), signature: 't=1,v1=x', body,
    event: { id: e.id, type: e.type, object: e.thin ? 'v2.core.event' : 'event', created, livemode: false, api_version: e.thin ? null : TEST_API_VERSION, account: null },
  });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('stripe_objects_latest', () => {
  it.each([[1], [2], [3]])('one row per object with its newest snapshot, arrival order seed %d', async (seed) => {
    const lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-latest-'));
    dirs.push(lakeDir);
    const local = await openLocalBackend({ lakeDir });
    try {
      for (const [i, e] of shuffled(EVENTS, seed).entries()) {
        await writeLakeObject(lakeDir, new Date(Date.UTC(2026, 0, 2, i)), lines(e), { name: `o-${i}.gz` });
        await local.run('SELECT count(*) FROM event_lake.stripe_objects_latest'); // curates as it goes
      }
      const { rows } = await local.run('SELECT object_type, object_id, event_id, event_type, deleted, object FROM event_lake.stripe_objects_latest ORDER BY object_id');
      expect(rows.map((r) => ({ ...r, object: JSON.parse(String(r['object'])) }))).toEqual([
        { object_type: 'customer', object_id: 'cus_1', event_id: 'evt_c3', event_type: 'customer.updated', deleted: false, object: customer({ email: 'c@example.com' }) },
        { object_type: 'product', object_id: 'prod_1', event_id: 'evt_p1', event_type: 'product.updated', deleted: true, object: { id: 'prod_1', object: 'product', deleted: true } },
        { object_type: 'subscription', object_id: 'sub_1', event_id: 'evt_s2', event_type: 'customer.subscription.deleted', deleted: true, object: { id: 'sub_1', object: 'subscription', status: 'canceled' } },
      ]);
    } finally {
      local.close();
    }
  });
});
