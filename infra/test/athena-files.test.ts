import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AthenaSqlError, parseSqlFile, readNamedQueryFiles } from '../lib/athena-files.js';

describe('parseSqlFile', () => {
  it('reads name, multi-line description and params from the header comment block', () => {
    const f = parseSqlFile(
      'queries/lag.sql',
      [
        '-- name: delivery_lag',
        '-- description: Lag per day,',
        '-- description: p50 and p99.',
        '-- param: start timestamp First instant included',
        '-- param: end timestamp First instant excluded',
        '-- a plain comment',
        'SELECT 1',
        '-- name: not-a-header-any-more',
      ].join('\n'),
    );
    expect(f).toMatchObject({
      kind: 'queries',
      name: 'delivery_lag',
      params: [
        { name: 'start', type: 'timestamp' },
        { name: 'end', type: 'timestamp' },
      ],
      description: 'Lag per day, p50 and p99. Replace before running: :start (timestamp), :end (timestamp).',
    });
    expect(f.sql.startsWith('-- name: delivery_lag')).toBe(true);
  });

  it('falls back to the file name and an empty description', () => {
    expect(parseSqlFile('views/plain_view.sql', 'CREATE VIEW v AS SELECT 1')).toMatchObject({ name: 'plain_view', description: '', kind: 'views' });
  });

  it('rejects an empty file and a name Athena would refuse', () => {
    expect(() => parseSqlFile('queries/empty.sql', '  \n')).toThrow(new AthenaSqlError('athena/queries/empty.sql: file is empty'));
    expect(() => parseSqlFile('queries/x.sql', `-- name: ${'n'.repeat(129)}\nSELECT 1`)).toThrow(/longer than 128/);
  });
});

describe('readNamedQueryFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'event-lake-athena-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns nothing when athena/ or its folders do not exist', () => {
    expect(readNamedQueryFiles(path.join(dir, 'missing'))).toEqual([]);
    expect(readNamedQueryFiles(dir)).toEqual([]);
  });

  it('deploys a query with a `-- dedupe:` line with the stripe_events_deduped view\'s query in its place', () => {
    const athena = mkdtempSync(path.join(os.tmpdir(), 'event-lake-athena-dedupe-'));
    try {
      for (const sub of ['views', 'queries']) mkdirSync(path.join(athena, sub));
      writeFileSync(path.join(athena, 'views', 'stripe_events_deduped.sql'), 'CREATE OR REPLACE VIEW event_lake.stripe_events_deduped AS\nSELECT id FROM event_lake.stripe_events');
      writeFileSync(path.join(athena, 'queries', 'q.sql'), 'WITH w AS (SELECT * FROM event_lake.stripe_events),\ne AS (\n  -- dedupe: w\n)\nSELECT * FROM e');
      const query = readNamedQueryFiles(athena).find((f) => f.name === 'q')!;
      expect(query.sql).toContain('e AS (\n  -- the dedupe rule of athena/views/stripe_events_deduped.sql, over w\n  SELECT id FROM w\n)');
    } finally {
      rmSync(athena, { recursive: true, force: true });
    }
  });

  it('reads views and queries (not tables), .sql only, sorted', () => {
    for (const sub of ['tables', 'views', 'queries']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'tables', 'table.sql'), 'CREATE EXTERNAL TABLE t (a int)');
    writeFileSync(path.join(dir, 'views', 'b.sql'), '-- name: view_b\nCREATE VIEW b AS SELECT 1');
    writeFileSync(path.join(dir, 'queries', 'z.sql'), 'SELECT 2');
    writeFileSync(path.join(dir, 'queries', 'a.sql'), 'SELECT 1');
    writeFileSync(path.join(dir, 'queries', 'notes.md'), '# not SQL');
    expect(readNamedQueryFiles(dir).map((f) => f.relativePath)).toEqual(['views/b.sql', 'queries/a.sql', 'queries/z.sql']);
  });

  it('refuses two files with the same name', () => {
    writeFileSync(path.join(dir, 'queries', 'dup.sql'), '-- name: view_b\nSELECT 3');
    expect(() => readNamedQueryFiles(dir)).toThrow('athena/queries/dup.sql: name "view_b" is also used by athena/views/b.sql');
  });
});
