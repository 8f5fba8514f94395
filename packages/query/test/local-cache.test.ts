// The Parquet cache of the local backend: the same rows as reading the gzipped objects directly, kept in
// line with the lake (new objects appear, removed ones disappear), crash- and concurrency-safe files,
// nothing written outside <lake>/.query-cache/, and a clear error for an object that is not gzip.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cacheRoot, loadNamedQueries, namedQuerySql, openLocalBackend, type CacheProgress, type LocalBackend } from '../src/index.js';
import { readSqlFiles } from '../src/athena-dir.js';
import { generateScenario, type ScenarioEvent, writeScenarioLake } from '@event-lake/test-kit';

const ALL = { start: '2026-03-10T21:00:00Z', end: '2026-03-11T06:00:00Z' };
const scenario = (start: string, seed: number) =>
  generateScenario({ start: new Date(start), spanHours: 3, events: 150, duplicateRate: 0.15, seed });

const lakes: string[] = [];
async function newLake(events: readonly ScenarioEvent[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'query-cache-'));
  lakes.push(dir);
  if (events.length > 0) await writeScenarioLake(dir, events, { splitEvery: { nth: 40, maxLineBytes: 700 } });
  return dir;
}

afterAll(async () => {
  for (const dir of lakes) await rm(dir, { recursive: true, force: true });
});

/** Every file under `dir`, relative, with size and mtime. */
async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const s = await stat(full);
    out.set(path.relative(dir, full), `${s.size} ${s.mtimeMs}`);
  }
  return out;
}

const cacheFiles = async (lake: string) => [...(await files(cacheRoot(lake))).keys()].sort();

async function count(lake: string, cache: boolean): Promise<number> {
  const backend = await openLocalBackend({ lakeDir: lake, cache });
  try {
    return Number((await backend.run('SELECT count(*) AS n FROM event_lake.stripe_events')).rows[0]!['n']);
  } finally {
    backend.close();
  }
}

/** Rows in a canonical order, so that ties in ORDER BY cannot make equal results look different. */
const canonical = (rows: readonly Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('cached and uncached backends on the same lake', () => {
  let events: ScenarioEvent[];
  let lake: string;
  let cached: LocalBackend;
  let raw: LocalBackend;
  const progress: CacheProgress[] = [];

  beforeAll(async () => {
    events = generateScenario({ start: new Date('2026-03-10T22:00:00Z'), spanHours: 5, events: 600, duplicateRate: 0.15, seed: 7 });
    lake = await newLake(events);
    cached = await openLocalBackend({ lakeDir: lake, onCacheProgress: (p) => progress.push(p) });
    raw = await openLocalBackend({ lakeDir: lake, cache: false });
  });

  afterAll(() => {
    cached?.close();
    raw?.close();
  });

  it('converted every object once, reporting progress', async () => {
    const objects = [...(await files(path.join(lake, 'events'))).keys()];
    expect(objects.length).toBeGreaterThanOrEqual(5);
    expect(await cacheFiles(lake)).toEqual(objects.map((o) => path.join('events', `${o}.parquet`)).sort());
    expect(progress[0]).toEqual({ done: 0, total: objects.length });
    expect(progress.at(-1)).toEqual({ done: objects.length, total: objects.length });
  });

  it('the table has the same columns and types', async () => {
    const describeTable = 'SELECT column_name, column_type FROM (DESCRIBE event_lake.stripe_events)';
    const want = (await raw.run(describeTable)).rows;
    expect(want.map((r) => r['column_name'])).toContain('hour');
    expect((await cached.run(describeTable)).rows).toEqual(want);
  });

  it('every view returns identical rows', async () => {
    for (const view of await readSqlFiles('views')) {
      const sql = `SELECT * FROM event_lake.${view.name}`;
      const want = await raw.run(sql);
      const got = await cached.run(sql);
      expect({ view: view.name, columns: got.columns }).toEqual({ view: view.name, columns: want.columns });
      expect(canonical(got.rows)).toEqual(canonical(want.rows));
    }
    expect((await raw.run('SELECT * FROM event_lake.stripe_events_deduped')).rows).toHaveLength(events.length);
  });

  it('every named query returns identical rows', async () => {
    const objectCounts = new Map<string, number>();
    for (const e of events) objectCounts.set(e.objectId, (objectCounts.get(e.objectId) ?? 0) + 1);
    const values: Record<string, string> = {
      ...ALL,
      event_id: events.find((e) => e.deliveries.length > 1)!.summary.id,
      object_id: [...objectCounts.entries()].sort((a, b) => b[1] - a[1])[0]![0],
    };
    let nonEmpty = 0;
    for (const q of await loadNamedQueries()) {
      const sql = await namedQuerySql(q.name, Object.fromEntries(q.params.map((p) => [p.name, values[p.name]!])));
      const want = await raw.run(sql);
      const got = await cached.run(sql);
      expect({ query: q.name, columns: got.columns, rows: canonical(got.rows) }).toEqual({ query: q.name, columns: want.columns, rows: canonical(want.rows) });
      if (want.rows.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6); // the comparison is not between empty results
  });
});

describe('keeping the cache in line with the lake', () => {
  it('an object added after a first query appears in the next one, and only it is converted', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 11));
    const before = await count(lake, true);
    const firstFiles = await files(cacheRoot(lake));
    await writeScenarioLake(lake, scenario('2026-03-12T08:00:00Z', 12)); // other hours: new object names
    const progress: CacheProgress[] = [];
    const backend = await openLocalBackend({ lakeDir: lake, onCacheProgress: (p) => progress.push(p) });
    const after = Number((await backend.run('SELECT count(*) AS n FROM event_lake.stripe_events')).rows[0]!['n']);
    backend.close();
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(await count(lake, false));
    const newObjects = (await cacheFiles(lake)).length - firstFiles.size;
    expect(newObjects).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ done: newObjects, total: newObjects });
    const secondFiles = await files(cacheRoot(lake));
    for (const [name, sizeAndTime] of firstFiles) expect(secondFiles.get(name)).toBe(sizeAndTime); // not rewritten
  });

  it('a removed object disappears from the results and from the cache', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 13));
    const before = await count(lake, true);
    const objects = [...(await files(path.join(lake, 'events'))).keys()].sort();
    await rm(path.join(lake, 'events', objects[0]!));
    const after = await count(lake, true);
    expect(after).toBeLessThan(before);
    expect(after).toBe(await count(lake, false));
    expect(await cacheFiles(lake)).toEqual(objects.slice(1).map((o) => path.join('events', `${o}.parquet`)));
  });

  it('removing every object gives an empty table, not an error', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 14));
    expect(await count(lake, true)).toBeGreaterThan(0);
    await rm(path.join(lake, 'events'), { recursive: true });
    expect(await count(lake, true)).toBe(0);
    expect(await cacheFiles(lake)).toEqual([]);
  });

  it('an interrupted temporary file is never read, and removed once abandoned', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 15));
    const before = await count(lake, true);
    const [someFile] = await cacheFiles(lake);
    const dir = path.join(cacheRoot(lake), path.dirname(someFile!));
    const abandoned = path.join(dir, 'gone.gz.parquet.999-dead.tmp');
    const inProgress = path.join(dir, 'busy.gz.parquet.998-beef.tmp');
    await writeFile(abandoned, 'half a parquet file');
    await writeFile(inProgress, 'half a parquet file');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(abandoned, hourAgo, hourAgo);
    expect(await count(lake, true)).toBe(before);
    const left = await cacheFiles(lake);
    expect(left).not.toContain(path.relative(cacheRoot(lake), abandoned));
    expect(left).toContain(path.relative(cacheRoot(lake), inProgress)); // another process may still be writing it
  });

  it('writes only under <lake>/.query-cache/ and leaves the objects untouched', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 16));
    const before = await files(lake);
    await count(lake, true);
    const after = await files(lake);
    for (const [name, sizeAndTime] of before) expect(after.get(name)).toBe(sizeAndTime);
    const added = [...after.keys()].filter((name) => !before.has(name));
    expect(added.length).toBe(before.size);
    for (const name of added) expect(name.startsWith(path.join('.query-cache', 'v1', 'events') + path.sep)).toBe(true);
  });

  it('an open cached backend reads the Parquet files, not the objects', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 19));
    const want = await count(lake, false);
    const backend = await openLocalBackend({ lakeDir: lake });
    try {
      await rm(path.join(lake, 'events'), { recursive: true });
      expect((await backend.run('SELECT count(*) AS n FROM event_lake.stripe_events')).rows).toEqual([{ n: want }]);
    } finally {
      backend.close();
    }
  });

  it('two backends opening the same new lake at once both see every row', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 17));
    const want = await count(lake, false);
    expect(await Promise.all([count(lake, true), count(lake, true)])).toEqual([want, want]);
    expect((await cacheFiles(lake)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('partition pruning on the cache', () => {
  it('time-windowed named queries open only the Parquet files of their partitions', async () => {
    const lake = await newLake(scenario('2026-05-05T10:00:00Z', 21));
    await writeScenarioLake(lake, scenario('2026-05-07T10:00:00Z', 22)); // two days later: outside the window below
    await count(lake, true);
    // Spoil the cache files of the later day (the cache trusts its files: objects never change).
    const later = (await cacheFiles(lake)).filter((f) => f.includes('dt=2026-05-07'));
    expect(later.length).toBeGreaterThan(0);
    for (const f of later) await writeFile(path.join(cacheRoot(lake), f), 'not parquet');
    const backend = await openLocalBackend({ lakeDir: lake });
    try {
      await expect(backend.run('SELECT count(*) FROM event_lake.stripe_events')).rejects.toThrow(/parquet|Parquet|magic/);
      const windowed = (await loadNamedQueries()).filter((q) => q.params.some((p) => p.type === 'timestamp'));
      expect(windowed.length).toBeGreaterThan(0);
      for (const q of windowed) {
        const sql = await namedQuerySql(q.name, { start: '2026-05-05T10:00:00Z', end: '2026-05-05T14:00:00Z' });
        await expect(backend.run(sql)).resolves.toMatchObject({ columns: expect.any(Array) });
      }
    } finally {
      backend.close();
    }
  });
});

describe('an object that is not gzipped NDJSON', () => {
  it('fails the open with an error naming the object, and leaves no cache file for it', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 18));
    const dir = path.join(lake, 'events', 'dt=2026-03-09', 'hour=05');
    await mkdir(dir, { recursive: true });
    const bad = path.join(dir, 'not-gzip.gz');
    await writeFile(bad, 'this is not a gzip stream\n');
    await expect(openLocalBackend({ lakeDir: lake })).rejects.toMatchObject({
      code: 'cache_failed',
      message: expect.stringContaining(bad),
    });
    await expect(openLocalBackend({ lakeDir: lake })).rejects.toThrow(/gzip|GZIP/);
    expect((await cacheFiles(lake)).filter((f) => f.includes('dt=2026-03-09'))).toEqual([]);
    await rm(bad);
    expect(await count(lake, true)).toBe(await count(lake, false));
  });
});

describe('a cache folder that cannot be written', () => {
  it('fails with an error naming the cache folder and the way around it', async () => {
    const lake = await newLake(scenario('2026-03-10T22:00:00Z', 20));
    await writeFile(path.join(lake, '.query-cache'), 'a file where the cache folder should be');
    await expect(openLocalBackend({ lakeDir: lake })).rejects.toMatchObject({
      code: 'cache_failed',
      message: expect.stringMatching(/cannot keep the query cache in .*\.query-cache.*--no-cache/),
    });
    expect(await count(lake, false)).toBeGreaterThan(0);
  });
});
