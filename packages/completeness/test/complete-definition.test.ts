// One definition of "complete" for the audit and the dedupe view, on exactly the lake of issue 19: two
// partly acknowledged backfill runs of one split event, with the same delivery_id (backfill ids repeat
// across runs) and different received_at, that only together cover every part. The view gives body NULL
// (replay cannot send it), so the audit must call the event incomplete and backfill it, not complete.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArchiveLine } from '@event-lake/lake-format';
import { writeLakeObject } from '@event-lake/test-kit';
import { openLocalBackend, type LocalBackend } from '@event-lake/query';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';
import { backfillDeliveryId, backfillLines } from '../src/backfill-record.js';
import { lakePresence } from '../src/lake-index.js';

const created = Date.parse('2026-11-20T10:00:00Z') / 1000;
const events = fakeSnapshotEvents({ count: 2, from: created, to: created + 60, seed: 19 }).map((e) => e.event);
const split = events[0]!;
const whole = events[1]!;
const RUN_1 = new Date('2026-11-20T12:00:00.000Z');
const RUN_2 = new Date('2026-11-21T12:00:00.000Z');
/** Small enough that the event's body takes 3 lines. */
const MAX_LINE_BYTES = 1200;

let dir: string;
let local: LocalBackend;

async function writeObject(arrived: Date, lines: readonly string[]): Promise<void> {
  await writeLakeObject(dir, arrived, lines, { name: `run-${arrived.getTime()}.gz` });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complete-definition-'));
  const run1 = backfillLines(split, RUN_1, MAX_LINE_BYTES);
  const run2 = backfillLines(split, RUN_2, MAX_LINE_BYTES);
  expect(run1).toHaveLength(3);
  // Run 1 acknowledged parts 0 and 1, run 2 only part 2; the whole event in one complete run.
  await writeObject(RUN_1, [run1[0]!, run1[1]!, ...backfillLines(whole, RUN_1)]);
  await writeObject(RUN_2, [run2[2]!]);
  local = await openLocalBackend({ lakeDir: dir, cache: false });
});

afterAll(async () => {
  local?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('"complete", for the audit and the dedupe view alike', () => {
  it('the lake is the issue\'s: one delivery_id, two received_at, every part present across them', () => {
    const run1 = backfillLines(split, RUN_1, MAX_LINE_BYTES).map(parseArchiveLine);
    const run2 = backfillLines(split, RUN_2, MAX_LINE_BYTES).map(parseArchiveLine);
    expect(new Set([...run1, ...run2].map((r) => r.delivery_id))).toEqual(new Set([backfillDeliveryId(split.id)]));
    expect(run1[0]!.received_at).not.toBe(run2[0]!.received_at);
  });

  it('the view gives body NULL for the split event, and the audit calls it incomplete (to backfill), not complete', async () => {
    const view = await local.run(`SELECT id, body FROM event_lake.stripe_events_deduped WHERE id IN ('${split.id}', '${whole.id}') ORDER BY id`);
    const body = new Map(view.rows.map((r) => [r['id'], r['body']]));
    expect(body.get(split.id)).toBeNull();
    expect(typeof body.get(whole.id)).toBe('string');

    const presence = await lakePresence((sql) => local.run(sql), [split.id, whole.id], { fromDt: '2026-11-20', toDt: '2026-11-21' });
    expect([...presence.incomplete]).toEqual([split.id]);
    expect([...presence.complete]).toEqual([whole.id]);
  });
});
