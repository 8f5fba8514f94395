// The local backend as a long-lived object: unqualified names resolve in event_lake as on Athena (issue
// #11 item 16), a lake folder whose name holds glob characters is read exactly (item 9), and one opened
// backend follows the lake as objects arrive, so a caller never has to reopen it (issue #10).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLocalBackend, runQuery, type LocalBackend } from '../src/index.js';
import { generateScenario, writeScenarioLake } from '@event-lake/test-kit';

const scenario = (start: string, events: number, seed: number) =>
  generateScenario({ start: new Date(start), spanHours: 1, events, duplicateRate: 0, seed });

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'query-backend-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('unqualified names', () => {
  it('resolve in event_lake, as Athena resolves them in the workgroup database', async () => {
    const lake = path.join(root, 'unqualified');
    const events = scenario('2026-04-01T10:00:00Z', 20, 1);
    await writeScenarioLake(lake, events);
    const backend = await openLocalBackend({ lakeDir: lake });
    try {
      const sql = 'SELECT (SELECT count(DISTINCT id) FROM stripe_events) AS ids, (SELECT count(*) FROM stripe_events_deduped) AS events';
      expect((await backend.run(sql)).rows).toEqual([{ ids: events.length, events: events.length }]);
      expect((await backend.run('SELECT count(*) AS n FROM stripe_charges')).rows).toEqual(
        (await backend.run('SELECT count(*) AS n FROM event_lake.stripe_charges')).rows,
      );
    } finally {
      backend.close();
    }
    const viaApi = await runQuery({ backend: 'local', lakeDir: lake, sql: 'SELECT count(*) AS n FROM stripe_events_deduped' });
    expect(viaApi.rows).toEqual([{ n: events.length }]);
  });
});

describe('a LAKE_DIR whose name holds glob characters', () => {
  // `lake[1]` as a glob matches `lake1`: a sibling lake holding other events must not be read instead.
  const cases = [
    ['lake[1]', 'lake1'],
    ['lake*x', 'lakeyx'],
    ['lake?', 'lakez'],
  ] as const;

  it.each(cases)('%s is read exactly, with and without the cache', async (name, decoy) => {
    const dir = path.join(root, 'globs', name.replace(/\W/g, '_'));
    await mkdir(dir, { recursive: true });
    const events = scenario('2026-04-02T10:00:00Z', 12, 2);
    await writeScenarioLake(path.join(dir, name), events);
    await writeScenarioLake(path.join(dir, decoy), scenario('2026-04-02T10:00:00Z', 40, 3));
    for (const cache of [false, true]) {
      const { rows } = await runQuery({ backend: 'local', lakeDir: path.join(dir, name), cache, sql: 'SELECT count(DISTINCT id) AS n FROM event_lake.stripe_events' });
      expect({ cache, rows }).toEqual({ cache, rows: [{ n: events.length }] });
    }
  });
});

describe('one opened backend', () => {
  let lake: string;
  let backend: LocalBackend;

  beforeAll(async () => {
    lake = path.join(root, 'growing');
    backend = await openLocalBackend({ lakeDir: lake });
  });

  afterAll(() => backend?.close());

  const count = async () => (await backend.run('SELECT count(*) AS n FROM event_lake.stripe_events_deduped')).rows[0]?.['n'];

  const first = scenario('2026-04-03T10:00:00Z', 10, 4);
  const later = scenario('2026-04-03T14:00:00Z', 15, 5);

  it('opened on an empty lake, sees the first objects when they arrive', async () => {
    expect(await count()).toBe(0);
    await writeScenarioLake(lake, first);
    expect(await count()).toBe(first.length);
  });

  it('sees objects that arrive later, through the views created when it opened', async () => {
    await writeScenarioLake(lake, later);
    expect(await count()).toBe(first.length + later.length);
    const { rows } = await backend.run("SELECT count(*) AS n FROM event_lake.stripe_events WHERE dt = '2026-04-03' AND hour = '14'");
    expect(Number(rows[0]?.['n'])).toBeGreaterThanOrEqual(15);
  });
});
