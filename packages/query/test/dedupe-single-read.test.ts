// The dedupe rule reads the table (or the rows a caller selects) once. Athena's engine re-runs a WITH
// query at each reference instead of sharing it (trinodb/trino#18421), so every reference to the rows
// is another scan of every partition, paid on each query of the view, each replay, each named query.
// Structural, since Athena cannot run here: relationReads counts reads the way Trino plans them.
import { describe, expect, it } from '@jest/globals';
import { bindParams, CURATED_TABLE, DATABASE_NAME, DEDUPE_VIEW, dedupedEventsSql, dedupeViewSql, loadNamedQueries, TABLE_NAME } from '../src/index.js';
import { relationReads } from './relation-reads.js';

const tableReads = (sql: string) => relationReads(sql, DATABASE_NAME, TABLE_NAME);
const SAMPLE: Record<string, string> = { string: 'evt_123', integer: '7', date: '2026-01-01', timestamp: '2026-01-01T00:00:00Z' };

describe('relationReads counts as Trino runs a query', () => {
  it('once per FROM or JOIN naming the table, through every reference to a CTE that reads it', () => {
    expect(tableReads('SELECT * FROM event_lake.stripe_events')).toBe(1);
    expect(tableReads('WITH a AS (SELECT * FROM event_lake.stripe_events) SELECT * FROM a')).toBe(1);
    expect(tableReads('WITH a AS (SELECT * FROM event_lake.stripe_events), b AS (SELECT * FROM a) SELECT * FROM b x JOIN a y ON x.id = y.id')).toBe(2);
    expect(tableReads('WITH a AS (SELECT * FROM event_lake.stripe_events) SELECT id FROM a UNION ALL SELECT id FROM a')).toBe(2);
    expect(tableReads('WITH a AS (SELECT * FROM event_lake.stripe_events) SELECT * FROM a WHERE id IN (SELECT id FROM a)')).toBe(2);
    expect(tableReads('WITH a AS (SELECT * FROM event_lake.stripe_events) SELECT 1 FROM event_lake.other')).toBe(0);
    expect(tableReads('SELECT * FROM event_lake.stripe_events_deduped')).toBe(0);
  });
});

describe('the dedupe rule reads its rows once', () => {
  it(`the ${DEDUPE_VIEW} view scans the table once`, async () => {
    expect(tableReads(await dedupeViewSql())).toBe(1);
  });

  it('dedupedEventsSql scans the table once, with or without a where', async () => {
    expect(tableReads(await dedupedEventsSql())).toBe(1);
    expect(tableReads(await dedupedEventsSql({ where: "dt BETWEEN '2026-01-01' AND '2026-01-31' AND type = 'charge.failed'" }))).toBe(1);
  });

  it('every named query, its dedupe lines expanded, scans the table once (the view, or the curated table, counting as one scan)', async () => {
    const queries = await loadNamedQueries();
    expect(queries.filter((q) => q.sql.includes(`the dedupe rule of athena/views/${DEDUPE_VIEW}.sql`)).length).toBe(2);
    for (const q of queries) {
      const bound = bindParams(q.sql, q.params, Object.fromEntries(q.params.map((p) => [p.name, SAMPLE[p.type]!])));
      expect({ query: q.name, scans: tableReads(bound) + relationReads(bound, DATABASE_NAME, DEDUPE_VIEW) + relationReads(bound, DATABASE_NAME, CURATED_TABLE) }).toEqual({ query: q.name, scans: 1 });
    }
  });
});
