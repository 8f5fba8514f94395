import { describe, it, expect } from '@jest/globals';
import { idsInLake, lakePartitionRange, MAX_IDS_PER_QUERY } from '../src/lake-index.js';

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
      return { rows: [{ id: 'evt_a' }, { id: 'evt_c' }] };
    }, ['evt_a', 'evt_b', 'evt_c'], range);
    expect(present).toEqual(new Set(['evt_a', 'evt_c']));
    expect(asked).toEqual([
      "SELECT DISTINCT id FROM event_lake.stripe_events WHERE dt BETWEEN '2026-11-19' AND '2026-11-22' AND id IN ('evt_a', 'evt_b', 'evt_c')",
    ]);
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
      return { rows: [{ id: 'evt_3' }, { id: 'evt_other' }] };
    }, ids, range);
    expect(asked).toEqual(["SELECT DISTINCT id FROM event_lake.stripe_events WHERE dt BETWEEN '2026-11-19' AND '2026-11-22'"]);
    expect(present).toEqual(new Set(['evt_3']));
  });

  it('refuses ids that could break out of the SQL string', async () => {
    await expect(idsInLake(async () => ({ rows: [] }), ["evt_1' OR '1'='1"], range)).rejects.toThrow(/not a Stripe id/);
  });
});
