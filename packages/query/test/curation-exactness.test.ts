// The key property of curation: after any mix of duplicate, late, backfilled, EventBridge, thin and split
// deliveries, arriving in any order and curated incrementally (a run after each arrival, or after a few),
// stripe_events_curated holds exactly the ids of stripe_events_deduped, with the same chosen delivery and
// body (and the same delivery_count, last_received_at, dt and hour); the same after a rebuild.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { curatedRoot, openLocalBackend, type LocalBackend } from '../src/index.js';
import { curationScenario, lines, shuffled, type LakeObject } from './curation-fixtures.js';
import { writeLakeObject } from '@event-lake/test-kit';

const COLUMNS = 'id, delivery_id, source, received_at, body, delivery_count, last_received_at, dt, hour';
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshLake(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'query-curation-'));
  dirs.push(dir);
  return dir;
}

/** Objects land one arrival hour after another, in the order given (Firehose partitions by arrival). */
async function land(lakeDir: string, objects: readonly LakeObject[], firstHour: number): Promise<void> {
  for (const [i, o] of objects.entries()) {
    await writeLakeObject(lakeDir, new Date(Date.UTC(2026, 0, 1, firstHour + i)), o.lines, { name: `${o.name}.gz` });
  }
}

async function rows(local: LakeBackendRun, from: string): Promise<unknown[]> {
  return (await local.run(`SELECT ${COLUMNS} FROM event_lake.${from} ORDER BY id`)).rows;
}
type LakeBackendRun = Pick<LocalBackend, 'run'>;

const scenario = curationScenario();

describe('stripe_events_curated equals stripe_events_deduped', () => {
  it('covers every kind of delivery the rule has to handle (so equality below means something)', () => {
    expect(scenario.kinds).toEqual(expect.arrayContaining([
      'duplicate webhook', 'backfill then webhook', 'eventbridge redelivered', 'thin', 'split completed by a later copy',
      'split part in a later object', 'never complete', 'firehose duplicate record', 'late backfill of an older day',
    ]));
  });

  it.each([
    ['in order, a run after each object', 0, 1],
    ['reversed, a run after each object', -1, 1],
    ['shuffled (seed 7), a run after every two objects', 7, 2],
    ['shuffled (seed 11), a run after each object', 11, 1],
    ['shuffled (seed 23), a run after every three objects', 23, 3],
  ])('%s', async (_name, seed, perRun) => {
    const lakeDir = await freshLake();
    const order = seed === 0 ? scenario.objects : seed === -1 ? [...scenario.objects].reverse() : shuffled(scenario.objects, seed);
    const local = await openLocalBackend({ lakeDir });
    try {
      for (let i = 0; i < order.length; i += perRun) {
        await land(lakeDir, order.slice(i, i + perRun), i);
        // A query on a curated view curates what arrived first.
        await local.run('SELECT count(*) AS n FROM event_lake.stripe_charges');
      }
      const deduped = await rows(local, 'stripe_events_deduped');
      expect(deduped.length).toBe(scenario.eventIds.length);
      expect(await rows(local, 'stripe_events_curated')).toEqual(deduped);

      // Runs repeated with nothing new change nothing; a rebuild gives the same table.
      expect((await local.curate()).objectsRead).toBe(0);
      const rebuilt = await local.curate({ rebuild: true });
      expect(rebuilt).toMatchObject({ objectsRead: order.length, rebuilt: true });
      expect(await rows(local, 'stripe_events_curated')).toEqual(deduped);
    } finally {
      local.close();
    }
  });

  it('the split delivery completed by a later copy, and the webhook copy after a backfill, are chosen as the view chooses', async () => {
    const lakeDir = await freshLake();
    await land(lakeDir, scenario.objects, 0);
    const local = await openLocalBackend({ lakeDir });
    try {
      const { rows: chosen } = await local.run(
        "SELECT id, source, body IS NULL AS incomplete FROM event_lake.stripe_events_curated WHERE id IN ('evt_split_retry', 'evt_bf_then_wh', 'evt_never') ORDER BY id",
      );
      expect(chosen).toEqual([
        { id: 'evt_bf_then_wh', source: 'webhook', incomplete: false },
        { id: 'evt_never', source: 'webhook', incomplete: true },
        { id: 'evt_split_retry', source: 'webhook', incomplete: false },
      ]);
    } finally {
      local.close();
    }
  });
});

describe('an event_date filter reads only that partition', () => {
  // DuckDB also reads the footer of the first file listed (the oldest day) for the schema; the files of
  // every other day are skipped.
  it('a one-day query on a typed view opens no file of another day (a later day is spoiled)', async () => {
    const lakeDir = await freshLake();
    await land(lakeDir, [...scenario.objects, { name: 'later', lines: lines({ id: 'evt_later', source: 'webhook', receivedAt: '2026-02-01T00:00:09.000Z', created: '2026-02-01T00:00:00.000Z' }) }], 0);
    const local = await openLocalBackend({ lakeDir });
    try {
      const oneDay = "SELECT count(*) AS n FROM event_lake.stripe_charges WHERE event_date = DATE '2026-01-01'";
      const before = await local.run(oneDay);
      expect(Number(before.rows[0]?.['n'])).toBeGreaterThan(0);
      const other = path.join(curatedRoot(lakeDir), 'events', 'event_date=2026-02-01');
      const files = await readdir(other);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) await writeFile(path.join(other, f), 'not parquet');
      await expect(local.run('SELECT count(*) FROM event_lake.stripe_charges')).rejects.toThrow(/parquet|Parquet|magic|too small/);
      expect((await local.run(oneDay)).rows).toEqual(before.rows);
    } finally {
      local.close();
    }
  });
});
