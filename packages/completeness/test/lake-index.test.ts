import { describe, it, expect } from '@jest/globals';
import { eventCompletenessSql } from '@event-lake/query';
import { idsInLake, lakePartitionRange, lakePresence, MAX_IDS_PER_QUERY } from '../src/lake-index.js';

const window = { since: new Date('2026-11-19T00:30:00Z'), until: new Date('2026-11-22T00:00:00Z') };

describe('lakePartitionRange', () => {
  it('reads from the window start (less an hour of clock skew) up to today, not just to the window end', () => {
    expect(lakePartitionRange(window, new Date('2026-11-24T08:00:00Z'))).toEqual({ fromDt: '2026-11-18', toDt: '2026-11-24' });
  });
});

describe('idsInLake', () => {
  const range = { fromDt: '2026-11-19', toDt: '2026-11-22' };

  it('asks only for the given ids in the partition range and returns those present', async () => {
    const asked: string[] = [];
    const present = await idsInLake(async (sql) => {
      asked.push(sql);
      return { rows: [{ id: 'evt_a', complete: 1 }, { id: 'evt_c', complete: 1 }] };
    }, ['evt_a', 'evt_b', 'evt_c'], range);
    expect(present).toEqual(new Set(['evt_a', 'evt_c']));
    expect(asked).toEqual([eventCompletenessSql("dt BETWEEN '2026-11-19' AND '2026-11-22' AND id IN ('evt_a', 'evt_b', 'evt_c')")]);
  });

  it('does not query for an empty id set', async () => {
    const present = await idsInLake(async () => {
      throw new Error('should not be called');
    }, [], range);
    expect(present.size).toBe(0);
  });

  it('reads all ids of the partitions once, rather than many IN lists, for large id sets', async () => {
    const ids = Array.from({ length: MAX_IDS_PER_QUERY + 1 }, (_, i) => `evt_${i}`);
    const asked: string[] = [];
    const present = await idsInLake(async (sql) => {
      asked.push(sql);
      return { rows: [{ id: 'evt_3', complete: 1 }, { id: 'evt_other', complete: 1 }] };
    }, ids, range);
    expect(asked).toEqual([eventCompletenessSql("dt BETWEEN '2026-11-19' AND '2026-11-22'")]);
    expect(present).toEqual(new Set(['evt_3']));
  });

  it('refuses ids that could break out of the SQL string', async () => {
    await expect(idsInLake(async () => ({ rows: [] }), ["evt_1' OR '1'='1"], range)).rejects.toThrow(/not a Stripe id/);
  });
});

describe('lakePresence: present means complete', () => {
  const range = { fromDt: '2026-11-19', toDt: '2026-11-22' };
  const rows = [
    // evt_whole: one complete delivery of 1 part.
    { id: 'evt_whole', complete: 1 },
    // evt_split: only part 0 of 3 landed.
    { id: 'evt_split', complete: 0 },
    // evt_retried: a partial webhook delivery, then a complete backfill.
    { id: 'evt_retried', complete: 1 },
    // Athena returns numbers as the query layer converts them; strings must work as well.
    { id: 'evt_text', complete: '1' },
  ];

  it('counts an id as present only when one delivery has all its parts, and reports the rest as incomplete', async () => {
    const presence = await lakePresence(async () => ({ rows }), ['evt_whole', 'evt_split', 'evt_retried', 'evt_text', 'evt_absent'], range);
    expect(presence.complete).toEqual(new Set(['evt_whole', 'evt_retried', 'evt_text']));
    expect(presence.incomplete).toEqual(new Set(['evt_split']));
  });

  it('idsInLake leaves out an id that is only partly there', async () => {
    expect(await idsInLake(async () => ({ rows }), ['evt_split', 'evt_whole'], range)).toEqual(new Set(['evt_whole']));
  });
});
