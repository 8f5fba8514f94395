// `snapshot` ranks last among sources in the one dedupe rule (athena/views/stripe_events_deduped.sql): of
// two complete deliveries of one event id, a backfill copy stands for it over a snapshot copy that arrived
// earlier. (Snapshot ids are their own, so in the lake this orders copies of one snapshot; the rank keeps
// the rule total.)
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { summariseEvent, toArchiveLines, type ArchiveSource } from '@event-lake/lake-format';
import { openLocalBackend } from '@event-lake/query';
import { writeLakeObject } from '@event-lake/test-kit';

const event = { id: 'evt_snapshot_20261130T120000Z_cus_1', object: 'event', created: 1_796_040_000, livemode: false, type: 'customer.snapshot', data: { object: { id: 'cus_1', object: 'customer' } } };
const line = (source: ArchiveSource, deliveryId: string, at: string) => toArchiveLines({
  source, deliveryId, receivedAt: new Date(at), signature: null, body: JSON.stringify({ ...event, copy: source }, null, 2), event: summariseEvent(event),
});

let lakeDir: string;
afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

describe('the dedupe rank of snapshot lines', () => {
  it('puts snapshot below backfill, whatever arrived first', async () => {
    lakeDir = await mkdtemp(path.join(os.tmpdir(), 'dedupe-rank-'));
    await writeLakeObject(lakeDir, new Date('2026-11-30T12:01:00Z'), line('snapshot', '00000000-0000-5000-8000-000000000001', '2026-11-30T12:01:00Z'));
    await writeLakeObject(lakeDir, new Date('2026-11-30T13:00:00Z'), line('backfill', '00000000-0000-5000-8000-000000000002', '2026-11-30T13:00:00Z'));
    const local = await openLocalBackend({ lakeDir });
    try {
      const { rows } = await local.run('SELECT source, delivery_count FROM event_lake.stripe_events_deduped');
      expect(rows).toEqual([{ source: 'backfill', delivery_count: 2 }]);
    } finally {
      local.close();
    }
  });
});
