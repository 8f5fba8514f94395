// backfill --wait polls the lake until Firehose has delivered what was written. It opens the lake once for
// the whole wait (the query layer's local backend follows the lake), instead of rebuilding the backend,
// its cache sync and its views every 15 s; events that land between checks are still seen.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { writeLakeObject } from '@event-lake/test-kit';
import { openLocalBackend } from '@event-lake/query';
import { waitForDelivery } from '../src/delivery-wait.js';

const WRITTEN_AT = new Date('2026-02-01T10:00:00Z');

let lakeDir: string;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'completeness-wait-'));
});

afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

/** Firehose delivering one object with a backfilled line per id. */
async function deliver(ids: readonly string[], name: string): Promise<void> {
  const lines = ids.flatMap((id) => {
    const event = { id, object: 'event', type: 'charge.succeeded', created: WRITTEN_AT.getTime() / 1000 - 60, livemode: false, api_version: TEST_API_VERSION, data: { object: { id: 'ch_1' } } };
    return toArchiveLines({ source: 'backfill', deliveryId: `d-${id}`, receivedAt: WRITTEN_AT, signature: null, body: JSON.stringify(event), event: summariseEvent(event) });
  });
  await writeLakeObject(lakeDir, WRITTEN_AT, lines, { name: `${name}.gz` });
}

describe('waitForDelivery on the local backend', () => {
  it('opens the lake once and sees objects delivered between its checks', async () => {
    const ids = ['evt_wait_1', 'evt_wait_2', 'evt_wait_3'];
    await deliver(ids.slice(0, 1), 'first');
    let opens = 0;
    let closed = 0;
    const checks: number[] = [];
    const pending = [ids.slice(1, 2), ids.slice(2)];
    const result = await waitForDelivery({
      now: () => new Date(WRITTEN_AT.getTime() + 1000),
      // Each nap, Firehose delivers one more object.
      sleep: async () => {
        const next = pending.shift();
        if (next) await deliver(next, `later-${next[0]}`);
      },
      openLake: async () => {
        opens += 1;
        const backend = await openLocalBackend({ lakeDir });
        return { runSql: (sql) => backend.run(sql), close: async () => { closed += 1; backend.close(); } };
      },
      onCheck: (visible) => checks.push(visible),
    }, ids, WRITTEN_AT, 60_000, 15_000);
    expect(result).toMatchObject({ visible: 3, total: 3 });
    expect(checks).toEqual([1, 2, 3]);
    expect({ opens, closed }).toEqual({ opens: 1, closed: 1 });
  });
});
