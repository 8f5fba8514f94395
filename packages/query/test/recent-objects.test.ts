// The check for new lake objects before a curated query lists only the recent arrival partitions
// (recent-objects.ts): an object written late into an hour within the slack of the newest curated hour is
// still curated; older hours are not listed at all; a full listing (a raw-table statement, `curate`)
// takes in anything older.
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Dirent } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLocalBackend } from '../src/index.js';
import { syncCache } from '../src/local-cache.js';
import { partitionOf, partitionStart, quickCheckSince } from '../src/recent-objects.js';
import { lines } from './curation-fixtures.js';
import { writeLakeObject } from '@event-lake/test-kit';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshLake(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'query-recent-'));
  dirs.push(dir);
  return dir;
}

const hour = (day: number, h: number) => new Date(Date.UTC(2026, 0, day, h));
/** One event, filed in the arrival hour `at`. */
async function land(lakeDir: string, at: Date, id: string): Promise<void> {
  await writeLakeObject(lakeDir, at, lines({ id, source: 'webhook', receivedAt: at.toISOString(), created: at.toISOString() }), { name: `${id}.gz` });
}

const curatedIds = async (local: { run(sql: string): Promise<{ rows: ReadonlyArray<Record<string, unknown>> }> }) =>
  (await local.run('SELECT id FROM event_lake.stripe_events_curated ORDER BY id')).rows.map((r) => r['id']);

describe('the check for new objects before a curated query', () => {
  it('names arrival partitions as Firehose does', () => {
    expect(partitionOf(hour(3, 7))).toBe('dt=2026-01-03/hour=07');
    expect(partitionStart('dt=2026-01-03/hour=07/x.gz')).toEqual(hour(3, 7));
    expect(partitionStart('elsewhere/x.gz')).toBeUndefined();
  });

  it('curates an object written late into an older hour within the slack; one older than the slack waits for a full listing', async () => {
    const lakeDir = await freshLake();
    for (let h = 0; h < 6; h++) await land(lakeDir, hour(1, h), `evt_h${h}`);
    const local = await openLocalBackend({ lakeDir });
    try {
      // The first check lists everything (no full listing recorded yet) and curates hours 0-5.
      expect(await curatedIds(local)).toHaveLength(6);
      expect(await quickCheckSince(lakeDir, Date.now())).toBe('dt=2026-01-01/hour=03'); // newest hour 05 - 2 h

      // Late into hour 04 (within the slack): the next curated statement takes it in.
      await land(lakeDir, hour(1, 4), 'evt_late_h4');
      expect(await curatedIds(local)).toContain('evt_late_h4');
      // Late into hour 01 (older than the slack): not listed by the quick check...
      await land(lakeDir, hour(1, 1), 'evt_late_h1');
      expect(await curatedIds(local)).not.toContain('evt_late_h1');
      // ...but by the full listing of a statement on the raw table, and curated by the next curated statement.
      const raw = await local.run("SELECT count(*) AS n FROM event_lake.stripe_events WHERE id = 'evt_late_h1'");
      expect(Number(raw.rows[0]?.['n'])).toBe(1);
      expect(await curatedIds(local)).toContain('evt_late_h1');
    } finally {
      local.close();
    }

    // A new process (a new `pnpm query`) sees an in-slack late object too; `curate` lists everything.
    await land(lakeDir, hour(1, 5), 'evt_late_h5');
    await land(lakeDir, hour(1, 0), 'evt_late_h0');
    const again = await openLocalBackend({ lakeDir });
    try {
      const ids = await curatedIds(again);
      expect(ids).toContain('evt_late_h5');
      expect(ids).not.toContain('evt_late_h0');
      expect((await again.curate()).objectsRead).toBe(1);
      expect(await curatedIds(again)).toContain('evt_late_h0');
    } finally {
      again.close();
    }
  });

  it('lists no hour folder older than `since`, and the same folders whatever the age of the archive', async () => {
    const listed = async (days: number) => {
      const lakeDir = await freshLake();
      for (let d = 1; d <= days; d++) for (const h of [0, 12, 23]) await land(lakeDir, hour(d, h), `evt_${d}_${h}`);
      const since = partitionOf(hour(days, 21));
      const read: string[] = [];
      const readDir = (dir: string): Promise<Dirent[]> => {
        read.push(path.relative(lakeDir, dir));
        return readdir(dir, { withFileTypes: true });
      };
      const instance = await DuckDBInstance.create(':memory:');
      try {
        const result = await syncCache({ lakeDir, instance, parallelism: 1, since, readDir });
        expect(result.objects).toEqual([path.join(partitionOf(hour(days, 23)), `evt_${days}_23.gz`)]);
      } finally {
        instance.closeSync();
      }
      for (const dir of read) {
        const start = partitionStart(dir.replace(/^.*?(?=dt=)/, ''));
        if (start !== undefined) expect(start.getTime()).toBeGreaterThanOrEqual(hour(days, 21).getTime());
      }
      return read.map((d) => d.replace(/dt=[^/]*/, 'dt=D')).sort();
    };
    const short = await listed(2);
    expect(short.filter((d) => d.includes('hour='))).toHaveLength(1); // the lake's hour=23 (no cache folder yet)
    expect(await listed(10)).toEqual(short);
  });
});
