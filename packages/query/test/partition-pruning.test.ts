// Time-filtered named queries read only the partitions of their widened window. Proof on DuckDB: objects
// that are not gzip at all sit in partitions outside the window; a query that read them would fail.
// This is about SQL pruning on the raw layout, so it runs without the Parquet cache (whose conversion
// would read, and refuse, every object up front; local-cache.test.ts checks that error).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadNamedQueries, namedQuerySql, openLocalBackend, type LocalBackend } from '../src/index.js';
import { generateScenario, writeScenarioLake } from '@event-lake/test-kit';

let lakeDir: string;
let local: LocalBackend;

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-prune-'));
  await writeScenarioLake(lakeDir, generateScenario({ start: new Date('2026-05-05T10:00:00Z'), spanHours: 2, events: 100, seed: 3 }));
  // Outside [start - 1 h, end + 1 h] for a 10:00-12:00 window: another day, and later hours of the same day.
  for (const [dt, hour] of [['2026-05-04', '10'], ['2026-05-05', '08'], ['2026-05-05', '14'], ['2026-05-06', '10']] as const) {
    const dir = path.join(lakeDir, 'events', `dt=${dt}`, `hour=${hour}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'not-gzip.gz'), 'this is not a gzip stream\n');
  }
  local = await openLocalBackend({ lakeDir, cache: false });
});

afterAll(async () => {
  local?.close();
  await rm(lakeDir, { recursive: true, force: true });
});

describe('partition pruning', () => {
  it('a full scan does read the poisoned objects (the check below can fail)', async () => {
    await expect(local.run('SELECT count(*) FROM event_lake.stripe_events')).rejects.toThrow(/gzip|GZIP/);
  });

  it('every query with a time window skips partitions outside it, on dt and on hour', async () => {
    const windowed = (await loadNamedQueries()).filter((q) => q.params.some((p) => p.type === 'timestamp'));
    expect(windowed.length).toBe(6);
    for (const q of windowed) {
      const sql = await namedQuerySql(q.name, { start: '2026-05-05T10:00:00Z', end: '2026-05-05T12:00:00Z' });
      await expect(local.run(sql)).resolves.toMatchObject({ columns: expect.any(Array) });
    }
    const volume = await local.run(await namedQuerySql('volume_by_type_per_day', { start: '2026-05-05T10:00:00Z', end: '2026-05-05T12:00:00Z' }));
    expect(volume.rows.reduce((n, r) => n + Number(r['events']), 0)).toBeGreaterThanOrEqual(100);
  });
});
