// The local columnar cache: each gzipped NDJSON object of the lake converted once into a Parquet file,
// because gunzip + JSON parsing of every object on every query is what makes local queries slow.
// Firehose objects are immutable (unique names, written by rename), so a cache file never goes stale:
// it only has to be created for a new object and removed when its object is gone.
//
// Layout: <lake>/.query-cache/v<schema version>/events/dt=…/hour=…/<object name>.parquet. Lake readers
// only look under <lake>/events/, so nothing else sees the cache. Files are written under a temporary
// name in the same folder and renamed, so a crash or a concurrent `pnpm query` never leaves or reads a
// half-written file (a duplicate conversion by two processes is harmless: the last rename wins).
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ARCHIVE_SCHEMA_VERSION, DATA_ROOT, PARTITION_KEYS } from '@event-lake/lake-format';
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { QueryError } from './errors.js';
import { globLiteral, ndjsonSource, sqlString } from './local-table.js';

export const CACHE_DIR_NAME = '.query-cache';
const PARQUET_SUFFIX = '.parquet';
const TEMP_SUFFIX = '.tmp';
/** A temporary file older than this belongs to a conversion that died; younger ones may be in progress. */
export const STALE_TEMP_MS = 15 * 60_000;

/** `<lake>/.query-cache/v<ARCHIVE_SCHEMA_VERSION>`: a new record layout gets a fresh cache. */
export function cacheRoot(lakeDir: string): string {
  return path.join(path.resolve(lakeDir), CACHE_DIR_NAME, `v${ARCHIVE_SCHEMA_VERSION}`);
}

/** Glob of every cache file, for read_parquet. */
export function cacheGlob(lakeDir: string): string {
  return path.join(globLiteral(cacheRoot(lakeDir)), DATA_ROOT, ...PARTITION_KEYS.map((k) => `${k.name}=*`), `*${PARQUET_SUFFIX}`);
}

export interface CacheProgress {
  /** Objects converted so far in this sync. */
  readonly done: number;
  /** New objects this sync converts. */
  readonly total: number;
}

export interface CacheSyncResult {
  readonly converted: number;
  readonly removed: number;
  /** Cache files present after the sync (one per lake object). */
  readonly files: number;
  /** The lake objects cached, `dt=…/hour=…/<name>.gz`, sorted (what curation reads from). */
  readonly objects: readonly string[];
}

export interface CacheSyncOptions {
  readonly lakeDir: string;
  readonly instance: DuckDBInstance;
  /** Parallel conversions (each one gunzips a single object on one thread). */
  readonly parallelism: number;
  readonly onProgress?: (progress: CacheProgress) => void;
  /**
   * Only the arrival partitions at or after this one (`dt=…/hour=…`, see recent-objects.ts): objects
   * and cache files in older partitions are neither converted nor removed, and `objects`/`files` cover
   * only the partitions listed. Default: the whole lake.
   */
  readonly since?: string;
  /** Reads one folder (tests count the folders listed). */
  readonly readDir?: ReadDir;
}

/** Brings the cache in line with the lake: converts new objects, removes files of vanished ones. */
export async function syncCache(options: CacheSyncOptions): Promise<CacheSyncResult> {
  try {
    return await sync(options);
  } catch (err) {
    if (err instanceof QueryError) throw err;
    // File system trouble (read-only lake, permissions, disk full): say where, and how to do without.
    throw new QueryError(
      `cannot keep the query cache in ${cacheRoot(options.lakeDir)}: ${(err as Error).message}. Query with --no-cache to read the lake without it.`,
      'cache_failed',
    );
  }
}

async function sync(options: CacheSyncOptions): Promise<CacheSyncResult> {
  const lakeRoot = path.resolve(options.lakeDir);
  const cacheEvents = path.join(cacheRoot(lakeRoot), DATA_ROOT);
  // The cache before the lake: a file another process converted after our listing of the lake would
  // otherwise look orphaned and be deleted. Objects are only ever added, or removed on purpose.
  const only = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.readDir ? { readDir: options.readDir } : {}) };
  const cached = await listPartitionFiles(cacheEvents, (name) => name.endsWith(PARQUET_SUFFIX) || name.endsWith(TEMP_SUFFIX), only);
  const objects = await listPartitionFiles(path.join(lakeRoot, DATA_ROOT), (name) => name.endsWith('.gz'), only);

  const wanted = new Set(objects.map((o) => `${o}${PARQUET_SUFFIX}`));
  const present = new Set<string>();
  let removed = 0;
  const now = Date.now();
  for (const file of cached) {
    const full = path.join(cacheEvents, file);
    if (file.endsWith(TEMP_SUFFIX)) {
      // Never matched by the read glob; removed once clearly abandoned.
      const mtime = await stat(full).then((s) => s.mtimeMs, () => now);
      if (now - mtime > STALE_TEMP_MS) await rm(full, { force: true });
    } else if (wanted.has(file)) {
      present.add(file);
    } else {
      await rm(full, { force: true });
      removed++;
    }
  }

  const todo = objects.filter((o) => !present.has(`${o}${PARQUET_SUFFIX}`));
  let done = 0;
  if (todo.length > 0) {
    options.onProgress?.({ done, total: todo.length });
    const queue = [...todo];
    const worker = async (): Promise<void> => {
      const connection = await options.instance.connect();
      try {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          await convertObject(connection, path.join(lakeRoot, DATA_ROOT, next), path.join(cacheEvents, `${next}${PARQUET_SUFFIX}`));
          options.onProgress?.({ done: ++done, total: todo.length });
        }
      } catch (err) {
        queue.length = 0; // the other workers stop after their current object
        throw err;
      } finally {
        connection.closeSync();
      }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(options.parallelism, todo.length)) }, () => worker());
    // Wait for every worker before failing, so no conversion is still writing when we return.
    const outcomes = await Promise.allSettled(workers);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return { converted: todo.length, removed, files: objects.length, objects };
}

/** One object to one Parquet file (zstd), via a temporary name in the target folder and a rename. */
async function convertObject(connection: DuckDBConnection, source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await connection.run(`COPY (${ndjsonSource(sqlString(globLiteral(source)), false)}) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION zstd)`);
  } catch (err) {
    await rm(temp, { force: true });
    // Removed since we listed it (a lake being cleaned up): nothing to cache, the glob will not miss it.
    if (await stat(source).then(() => false, () => true)) return;
    throw new QueryError(
      `cannot cache lake object ${source} (not a gzipped NDJSON archive object?): ${(err as Error).message}. ` +
        'Move it out of the lake, or query without the cache (--no-cache).',
      'cache_failed',
    );
  }
  // Atomic on one file system: readers see the whole file or none; a concurrent duplicate just replaces it.
  await rename(temp, target).catch(async (err: unknown) => {
    await rm(temp, { force: true });
    throw err;
  });
}

export type ReadDir = (dir: string) => Promise<Dirent[]>;
const readDirents: ReadDir = (dir) => readdir(dir, { withFileTypes: true });

/**
 * Files two levels below `root` (`dt=…/hour=…/<name>`), as relative paths, sorted; [] if no root.
 * With `since` (`dt=…/hour=…`), only the partitions at or after it: the day folders are listed, then only
 * the hour folders of the days from `since` on (both names are fixed-width, so text order is time order).
 */
export async function listPartitionFiles(
  root: string, keep: (name: string) => boolean, options: { readonly since?: string; readonly readDir?: ReadDir } = {},
): Promise<string[]> {
  const [first, second] = PARTITION_KEYS.map((k) => `${k.name}=`);
  const read = options.readDir ?? readDirents;
  const since = options.since;
  const sinceDay = since?.split('/')[0];
  // The folders are read concurrently: one pass over a 30-day lake is ~750 readdirs, and a query pays it.
  const days = (await subdirs(read, root, first!)).filter((dt) => sinceDay === undefined || dt >= sinceDay);
  const perDay = await Promise.all(days.map(async (dt) => {
    const hours = (await subdirs(read, path.join(root, dt), second!)).filter((hour) => since === undefined || `${dt}/${hour}` >= since);
    const perHour = await Promise.all(hours.map(async (hour) => {
      const entries = await read(path.join(root, dt, hour)).catch(ignoreMissing);
      return entries.filter((e) => e.isFile() && keep(e.name)).map((e) => path.join(dt, hour, e.name));
    }));
    return perHour.flat();
  }));
  return perDay.flat().sort();
}

async function subdirs(read: ReadDir, dir: string, prefix: string): Promise<string[]> {
  const entries = await read(dir).catch(ignoreMissing);
  return entries.filter((e) => e.isDirectory() && e.name.startsWith(prefix)).map((e) => e.name);
}

function ignoreMissing(err: unknown): never[] {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
  throw err;
}
