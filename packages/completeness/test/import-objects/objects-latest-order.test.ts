// A snapshot competes with an object's real events by `created` in stripe_objects_latest: for an object with
// webhook events older and newer than its snapshot, the newest wins, and a snapshot wins over older events,
// whatever order the lines arrive in, with the local curation run after each arrival (as `pnpm query` does).
// The snapshot lines are import-objects' own (snapshotLines); the webhook lines are the ingress's record.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import { openLocalBackend } from '@event-lake/query';
import { snapshotEventId, snapshotLines, type SnapshotRun } from '../../src/import-objects/snapshot-record.js';
import { writeLakeObject } from '@event-lake/test-kit';

const LISTED_AT = new Date('2026-11-30T12:00:00Z');
const RUN: SnapshotRun = { runId: '20261130T120000Z', listedAt: LISTED_AT, apiVersion: '2026-10-28.endive', livemode: false };
const T0 = LISTED_AT.getTime() / 1000;

const customer = (id: string, email: string) => ({ id, object: 'customer', created: T0 - 400 * 86_400, email, livemode: false });

function webhookLines(eventId: string, type: string, created: number, object: Record<string, unknown>): string[] {
  const event = { id: eventId, object: 'event', api_version: '2026-10-28.endive', created, livemode: false, type, data: { object }, pending_webhooks: 0 };
  return toArchiveLines({
    source: 'webhook', deliveryId: randomUUID(), receivedAt: new Date((created + 2) * 1000),
    signature: `t=${created},v1=${'0'.repeat(64)}`, body: JSON.stringify(event, null, 2), event: summariseEvent(event),
  });
}

/** The three deliveries of cus_order (older webhook, snapshot, newer webhook) and two of cus_snap. */
const DELIVERIES: Record<string, string[]> = {
  older: webhookLines('evt_older', 'customer.updated', T0 - 3600, customer('cus_order', 'older@example.com')),
  snapshot: snapshotLines(customer('cus_order', 'snapshot@example.com'), RUN, null, new Date((T0 + 30) * 1000)),
  newer: webhookLines('evt_newer', 'customer.updated', T0 + 3600, customer('cus_order', 'newer@example.com')),
  snapOlder: webhookLines('evt_snap_older', 'customer.created', T0 - 86_400, customer('cus_snap', 'created@example.com')),
  snapSnapshot: snapshotLines(customer('cus_snap', 'listed@example.com'), RUN, null, new Date((T0 + 31) * 1000)),
};

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('stripe_objects_latest: snapshots and events by created, whatever the arrival order', () => {
  // Every order of cus_order's three deliveries; cus_snap's two interleaved, once snapshot-first.
  const orders = permutations(['older', 'snapshot', 'newer']).map((p, i) =>
    i % 2 === 0 ? [...p, 'snapOlder', 'snapSnapshot'] : ['snapSnapshot', ...p, 'snapOlder']);

  it.each(orders.map((o) => [o.join(' → '), o]))('%s', async (_name, order) => {
    const lakeDir = await mkdtemp(path.join(os.tmpdir(), 'objects-latest-'));
    dirs.push(lakeDir);
    const local = await openLocalBackend({ lakeDir });
    try {
      let latest: Record<string, unknown>[] = [];
      for (const [i, name] of (order as string[]).entries()) {
        // Arrival an hour apart, starting the day after the listing: partitions are arrival time.
        await writeLakeObject(lakeDir, new Date(LISTED_AT.getTime() + (24 + i) * 3_600_000), DELIVERIES[name]!);
        // Each query curates what arrived since the last one first.
        latest = [...(await local.run('SELECT object_id, object_type, event_id, event_type, deleted, object FROM event_lake.stripe_objects_latest ORDER BY object_id')).rows];
      }
      const byId = Object.fromEntries(latest.map((r) => [String(r['object_id']), r]));
      expect(Object.keys(byId).sort()).toEqual(['cus_order', 'cus_snap']);
      expect(byId['cus_order']).toMatchObject({ object_type: 'customer', event_id: 'evt_newer', event_type: 'customer.updated', deleted: false });
      expect(JSON.parse(String(byId['cus_order']!['object']))).toMatchObject({ email: 'newer@example.com' });
      expect(byId['cus_snap']).toMatchObject({
        object_type: 'customer', event_id: snapshotEventId(RUN.runId, 'cus_snap'), event_type: 'customer.snapshot', deleted: false,
      });
      expect(JSON.parse(String(byId['cus_snap']!['object']))).toEqual(customer('cus_snap', 'listed@example.com'));
    } finally {
      local.close();
    }
  }, 60_000);
});
