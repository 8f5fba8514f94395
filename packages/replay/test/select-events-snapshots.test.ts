// Snapshot lines (`source = 'snapshot'`, written by import-objects) wrap listed objects in events Stripe
// never sent. The replay never selects them: a consumer would otherwise receive `customer.snapshot`
// events, re-signed as if Stripe had sent them.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { summariseEvent, toArchiveLines, type ArchiveSource } from '@event-lake/lake-format';
import { writeLakeObject } from '@event-lake/test-kit';
import { parseSelection } from '../src/selection.js';
import { selectEvents } from '../src/select-events.js';

const CREATED = Date.parse('2026-03-02T10:00:00Z') / 1000;
const lines = (source: ArchiveSource, id: string, type: string) => {
  const event = { id, object: 'event', created: CREATED, livemode: false, type, data: { object: { id: 'cus_1', object: 'customer' } } };
  return toArchiveLines({
    source, deliveryId: `00000000-0000-5000-8000-00000000000${source === 'snapshot' ? 1 : 2}`, receivedAt: new Date((CREATED + 5) * 1000),
    signature: source === 'webhook' ? `t=${CREATED},v1=${'0'.repeat(64)}` : null, body: JSON.stringify(event, null, 2), event: summariseEvent(event),
  });
};

let lakeDir: string;
afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

describe('selectEvents and snapshot lines', () => {
  it('selects the webhook event and leaves the snapshot of the same object out', async () => {
    lakeDir = await mkdtemp(path.join(os.tmpdir(), 'replay-snapshots-'));
    const all = [...lines('webhook', 'evt_1Webhook', 'customer.updated'), ...lines('snapshot', 'evt_snapshot_20260302T100000Z_cus_1', 'customer.snapshot')];
    await writeLakeObject(lakeDir, new Date((CREATED + 5) * 1000), all, { name: 'fixture.gz' });
    const { events } = await selectEvents(parseSelection({ types: [], ids: [] }), { backend: 'local', lakeDir });
    expect(events.map((e) => [e.id, e.source])).toEqual([['evt_1Webhook', 'webhook']]);
    const byType = await selectEvents(parseSelection({ types: ['customer.*'], ids: [] }), { backend: 'local', lakeDir });
    expect(byType.events.map((e) => e.id)).toEqual(['evt_1Webhook']);
  });
});
