import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { parseArchiveLine } from '@event-lake/lake-format';
import { backfillEvents } from '../src/backfill.js';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';
import { instantRateLimit, startFake, type RunningFake } from './helpers.js';

const events = fakeSnapshotEvents({ count: 12, from: 1_795_000_000, to: 1_795_003_600, seed: 5 });
const listed = events.map((e) => ({ id: e.event.id, type: e.event.type, created: e.event.created, kind: 'v1' as const }));

describe('backfillEvents', () => {
  let f: RunningFake;
  beforeAll(async () => {
    f = await startFake(events);
  });
  afterAll(async () => {
    await f.fake.close();
  });

  it('fetches each event and writes its lines in groups, bounded in bytes per write', async () => {
    const writes: string[][] = [];
    const result = await backfillEvents({
      stripe: f.stripe,
      writer: { write: async (lines) => { writes.push([...lines]); } },
      now: () => new Date('2026-11-22T12:00:00Z'),
      rateLimit: instantRateLimit(),
      eventsPerWrite: 5,
      maxWriteBytes: 2_000, // about two sample events
    }, listed);
    expect(result.written.map((e) => e.id)).toEqual(listed.map((e) => e.id));
    expect(result.lines).toBe(12);
    expect(writes.flat().map((l) => parseArchiveLine(l).id)).toEqual(listed.map((e) => e.id));
    expect(writes.length).toBeGreaterThan(3); // split by bytes within the groups of 5
    for (const w of writes) expect(w.length).toBeLessThanOrEqual(5);
  });

  it('skips an event that is gone from the API and writes the others', async () => {
    const gone = { id: 'evt_gone000000000000000000', type: 'charge.succeeded', created: 1_795_000_000, kind: 'v1' as const };
    const writes: string[][] = [];
    const result = await backfillEvents({
      stripe: f.stripe,
      writer: { write: async (lines) => { writes.push([...lines]); } },
      now: () => new Date(),
      rateLimit: instantRateLimit(),
    }, [listed[0]!, gone, listed[1]!]);
    expect(result.written.map((e) => e.id)).toEqual([listed[0]!.id, listed[1]!.id]);
    expect(result.skipped).toEqual([{ id: gone.id, reason: 'no longer available from the Events API' }]);
  });
});
