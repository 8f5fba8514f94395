// Local curation: stripe_events_curated (and the pending parts) as Parquet files under
// <lake>/.query-cache/curated-v1/, partitioned by event_date, kept by the same MERGE text Athena runs
// (curation-sql.ts) on DuckDB. A run reads only the lake objects no run has read yet (objects are
// immutable, so the local "watermark" is exact: the list of objects read), loads the event_date
// partitions they touch into memory, merges, and writes those partitions back as new files.
//
// Readers go through manifest.json (written by rename), never a folder listing: they see the files of one
// run or the next, never half of one. Files a run replaces are deleted by a later run once older than
// RETIRE_AFTER_MS, so a reader holding the previous manifest can still read them. One writer at a time:
// a lock file (curation.lock), stale after STALE_LOCK_MS.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ARCHIVE_SCHEMA_VERSION, DATA_ROOT, PARTITION_KEYS } from '@event-lake/lake-format';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_DIR_NAME, cacheRoot, listPartitionFiles } from './local-cache.js';
import { CURATED_COLUMNS, CURATED_PARTITION, PENDING_COLUMNS, duckdbType } from './curated-schema.js';
import { curatedMergeSql, pendingMergeSql, type CurationRelations } from './curation-sql.js';
import { dedupeViewSql } from './dedupe-rule.js';
import { QueryError } from './errors.js';
import { globLiteral, ndjsonSource, sqlString } from './local-table.js';

export const CURATED_DIR_NAME = 'curated-v1';
const MANIFEST = 'manifest.json';
const LOCK = 'curation.lock';
export const RETIRE_AFTER_MS = 10 * 60_000;
export const STALE_LOCK_MS = 30 * 60_000;
/** Objects merged per MERGE: bounds memory on a rebuild of a big lake (each batch touches a few partitions). */
const OBJECTS_PER_BATCH = 48;

export interface CurationManifest {
  readonly version: 1;
  readonly schemaVersion: number;
  /** Lake objects read so far, `dt=…/hour=…/<name>.gz`, sorted. */
  readonly objects: readonly string[];
  /** Data files per event_date (paths relative to the curated folder). */
  readonly partitions: Readonly<Record<string, readonly string[]>>;
  /** The pending-parts file, if any. */
  readonly pending: string | null;
  /** Files no longer in the table, deleted by a run once older than RETIRE_AFTER_MS. */
  readonly retired: ReadonlyArray<{ readonly file: string; readonly at: number }>;
}

const EMPTY: CurationManifest = { version: 1, schemaVersion: ARCHIVE_SCHEMA_VERSION, objects: [], partitions: {}, pending: null, retired: [] };

export function curatedRoot(lakeDir: string): string {
  return path.join(path.resolve(lakeDir), CACHE_DIR_NAME, CURATED_DIR_NAME);
}

/** The manifest, or an empty one when there is none (or it is of another layout). */
export async function readManifest(lakeDir: string): Promise<CurationManifest> {
  let text: string;
  try {
    text = await readFile(path.join(curatedRoot(lakeDir), MANIFEST), 'utf8');
  } catch (err) {
    // No curation yet (or no cache folder at all): an empty table.
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return EMPTY;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<CurationManifest>;
  if (parsed.version !== 1 || parsed.schemaVersion !== ARCHIVE_SCHEMA_VERSION) return EMPTY;
  return parsed as CurationManifest;
}

/** The curated table's data files (absolute paths) in a manifest. */
export function curatedFiles(lakeDir: string, manifest: CurationManifest): string[] {
  const root = curatedRoot(lakeDir);
  return Object.keys(manifest.partitions).sort().flatMap((d) => manifest.partitions[d]!.map((f) => path.join(root, f)));
}

const CURATED_SELECT = CURATED_COLUMNS.map((c) => c.name).join(', ');
const pathList = (files: readonly string[]) => `[${files.map((f) => sqlString(globLiteral(f))).join(', ')}]`;

/** SELECT of the curated table over `files` (hive partition event_date from the path), or an empty relation. */
export function curatedSelectSql(files: readonly string[]): string {
  if (files.length === 0) {
    return `SELECT ${CURATED_COLUMNS.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${c.name}`).join(', ')} WHERE false`;
  }
  return `SELECT ${CURATED_SELECT} FROM read_parquet(${pathList(files)}, hive_partitioning = true, hive_types = {${CURATED_PARTITION}: 'DATE'}, hive_types_autocast = false)`;
}

const PENDING_SELECT = PENDING_COLUMNS.map((c) => c.name).join(', ');
function pendingSelectSql(file: string | null): string {
  if (file === null) return `SELECT ${PENDING_COLUMNS.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${c.name}`).join(', ')} WHERE false`;
  return `SELECT ${PENDING_SELECT} FROM read_parquet(${sqlString(globLiteral(file))})`;
}

export interface CurationReport {
  readonly objectsRead: number;
  /** Distinct raw (dt, hour) partitions those objects are in. */
  readonly partitionsRead: number;
  /** event_date partitions rewritten. */
  readonly partitionsWritten: number;
  /** Event ids the new deliveries touched. */
  readonly eventsMerged: number;
  readonly rowsInserted: number;
  /** Rows whose chosen delivery changed (a better copy arrived, or a split body was completed). */
  readonly rowsReplaced: number;
  /**
   * Bytes of the files the merge read: the new objects (their Parquet cache files, or the .gz objects with
   * --no-cache), the curated partitions they touch and the pending parts; the local stand-in for what an
   * Athena run scans (which reads the raw window as gzipped JSON, twice: once per statement).
   */
  readonly bytesRead: number;
  /** Body parts of incomplete deliveries kept for later runs. */
  readonly pendingParts: number;
  /** Rows in the curated table after the run (undefined when there was nothing to do). */
  readonly rows?: number;
  readonly rebuilt: boolean;
  readonly dryRun: boolean;
}

export interface CurationProgress {
  readonly done: number;
  readonly total: number;
}

export interface LocalCurationOptions {
  readonly lakeDir: string;
  /** A connection of the backend's DuckDB (dialect macros loaded). */
  readonly connection: DuckDBConnection;
  /** Read the raw objects through the Parquet cache (default true; the backend has synced it). */
  readonly cache?: boolean;
  readonly rebuild?: boolean;
  /** Count what a run would read, write nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: CurationProgress) => void;
  /** How long to wait for another process's run (default 120 s). */
  readonly lockWaitMs?: number;
  /** The cached lake objects, as the backend's cache sync just listed them (default: list them here). */
  readonly objects?: readonly string[];
  /** Defaults to the repository's athena/ (the dedupe view's text). */
  readonly athenaDir?: string;
  readonly now?: () => number;
}

/** Brings the local curated table up to date with the lake (or rebuilds it). */
export async function curateLocal(options: LocalCurationOptions): Promise<CurationReport> {
  const objects = options.objects ?? (await listLakeObjects(options.lakeDir, options.cache !== false));
  if (options.dryRun) {
    const manifest = options.rebuild ? EMPTY : await readManifest(options.lakeDir);
    const done = new Set(manifest.objects);
    const todo = objects.filter((o) => !done.has(o));
    return report({ objectsRead: todo.length, partitionsRead: partitionsOf(todo), rebuilt: options.rebuild === true, dryRun: true });
  }
  if (!options.rebuild) {
    const done = new Set((await readManifest(options.lakeDir)).objects);
    if (objects.every((o) => done.has(o))) return report({});
  }
  const root = curatedRoot(options.lakeDir);
  await mkdir(root, { recursive: true });
  const release = await acquireLock(root, options.lockWaitMs ?? 120_000, options.now ?? Date.now);
  try {
    return await run(options, objects, root);
  } finally {
    await release();
  }
}

function report(partial: Partial<CurationReport>): CurationReport {
  return {
    objectsRead: 0, partitionsRead: 0, partitionsWritten: 0, bytesRead: 0, eventsMerged: 0, rowsInserted: 0, rowsReplaced: 0, pendingParts: 0,
    rebuilt: false, dryRun: false, ...partial,
  };
}

function partitionsOf(objects: readonly string[]): number {
  return new Set(objects.map((o) => path.dirname(o))).size;
}

async function run(options: LocalCurationOptions, objects: readonly string[], root: string): Promise<CurationReport> {
  const now = options.now ?? Date.now;
  let manifest = options.rebuild ? retireAll(await readManifest(options.lakeDir), now()) : await readManifest(options.lakeDir);
  const done = new Set(manifest.objects);
  const todo = objects.filter((o) => !done.has(o));
  const c = options.connection;
  let totals = report({ objectsRead: todo.length, partitionsRead: partitionsOf(todo), rebuilt: options.rebuild === true });
  options.onProgress?.({ done: 0, total: todo.length });
  for (let i = 0; i < todo.length; i += OBJECTS_PER_BATCH) {
    const batch = todo.slice(i, i + OBJECTS_PER_BATCH);
    const step = await mergeBatch(c, options, manifest, batch, root, now);
    manifest = step.manifest;
    totals = {
      ...totals,
      eventsMerged: totals.eventsMerged + step.eventsMerged,
      rowsInserted: totals.rowsInserted + step.rowsInserted,
      rowsReplaced: totals.rowsReplaced + step.rowsReplaced,
      partitionsWritten: totals.partitionsWritten + step.partitionsWritten,
      bytesRead: totals.bytesRead + step.bytesRead,
    };
    await writeManifest(root, manifest);
    options.onProgress?.({ done: Math.min(todo.length, i + batch.length), total: todo.length });
  }
  if (todo.length === 0 && options.rebuild) await writeManifest(root, manifest);
  manifest = await deleteRetired(root, manifest, now());
  await writeManifest(root, manifest);
  const rows = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM (${curatedSelectSql(curatedFiles(options.lakeDir, manifest))})`)).getRowObjectsJS()[0]?.['n'] ?? 0);
  const pendingParts = manifest.pending === null ? 0 : Number((await c.runAndReadAll(`SELECT count(*) AS n FROM (${pendingSelectSql(path.join(root, manifest.pending))})`)).getRowObjectsJS()[0]?.['n'] ?? 0);
  return { ...totals, rows, pendingParts };
}

interface BatchResult {
  readonly manifest: CurationManifest;
  readonly eventsMerged: number;
  readonly rowsInserted: number;
  readonly rowsReplaced: number;
  readonly partitionsWritten: number;
  readonly bytesRead: number;
}

const sizeOf = async (files: readonly string[]) => (await Promise.all(files.map((f) => stat(f).then((x) => x.size, () => 0)))).reduce((a, b) => a + b, 0);

const TEMP = { window: 'curation_window', pending: 'curation_pending', target: 'curation_target', before: 'curation_before' } as const;

async function mergeBatch(
  c: DuckDBConnection, options: LocalCurationOptions, manifest: CurationManifest, batch: readonly string[], root: string, now: () => number,
): Promise<BatchResult> {
  const lakeRoot = path.resolve(options.lakeDir);
  const sources = batch.map((o) => (options.cache === false ? path.join(lakeRoot, DATA_ROOT, o) : path.join(cacheRoot(lakeRoot), DATA_ROOT, `${o}.parquet`)));
  const hive = `hive_partitioning = true, hive_types = {${PARTITION_KEYS.map((k) => `${k.name}: 'VARCHAR'`).join(', ')}}, hive_types_autocast = false`;
  const rawSql = options.cache === false
    ? ndjsonSource(pathList(sources), true)
    : `SELECT ${PENDING_SELECT} FROM read_parquet(${pathList(sources)}, ${hive})`;
  const pendingFile = manifest.pending === null ? null : path.join(root, manifest.pending);
  const one = async (sql: string) => Number((await c.runAndReadAll(sql)).getRowObjectsJS()[0]?.['n'] ?? 0);
  try {
    await c.run(`CREATE OR REPLACE TEMP TABLE ${TEMP.window} AS ${rawSql}`);
    await c.run(`CREATE OR REPLACE TEMP TABLE ${TEMP.pending} AS ${pendingSelectSql(pendingFile)}`);
    const dates = (await c.runAndReadAll(
      `SELECT DISTINCT CAST(substr(created, 1, 10) AS VARCHAR) AS d FROM (SELECT created FROM ${TEMP.window} UNION ALL SELECT created FROM ${TEMP.pending}) ORDER BY d`,
    )).getRowObjectsJS().map((r) => String(r['d']));
    const touchedFiles = dates.flatMap((d) => (manifest.partitions[d] ?? []).map((f) => path.join(root, f)));
    await c.run(`CREATE OR REPLACE TEMP TABLE ${TEMP.target} AS ${curatedSelectSql(touchedFiles)}`);
    await c.run(`CREATE OR REPLACE TEMP TABLE ${TEMP.before} AS SELECT id, delivery_id, received_at, body IS NULL AS incomplete FROM ${TEMP.target}`);

    const relations: CurationRelations = { target: TEMP.target, pending: TEMP.pending, raw: TEMP.window };
    const viewSql = await dedupeViewSql(options.athenaDir);
    await c.run(curatedMergeSql(viewSql, relations));
    await c.run(pendingMergeSql(relations));

    const eventsMerged = await one(`SELECT count(DISTINCT id) AS n FROM (SELECT id FROM ${TEMP.window} UNION ALL SELECT id FROM ${TEMP.pending})`);
    const rowsInserted = await one(`SELECT count(*) AS n FROM ${TEMP.target} t WHERE NOT EXISTS (SELECT 1 FROM ${TEMP.before} b WHERE b.id = t.id)`);
    const rowsReplaced = await one(
      `SELECT count(*) AS n FROM ${TEMP.target} t JOIN ${TEMP.before} b ON b.id = t.id
       WHERE b.delivery_id <> t.delivery_id OR b.received_at <> t.received_at OR b.incomplete <> (t.body IS NULL)`,
    );

    // Write the touched partitions and the pending parts as new files, then swap them into the manifest.
    const run = randomUUID();
    const staging = path.join(root, `staging-${run}`);
    await mkdir(staging, { recursive: true });
    const partitions: Record<string, readonly string[]> = { ...manifest.partitions };
    const retired = [...manifest.retired];
    try {
      const hasRows = (await one(`SELECT count(*) AS n FROM ${TEMP.target}`)) > 0;
      if (hasRows) {
        await c.run(`COPY (SELECT ${CURATED_SELECT} FROM ${TEMP.target} ORDER BY ${CURATED_PARTITION}, created, id) TO ${sqlString(staging)}
          (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${CURATED_PARTITION}), FILENAME_PATTERN 'part-{uuid}', OVERWRITE_OR_IGNORE true)`);
      }
      const written = new Map<string, string[]>();
      for (const dir of await readdir(staging).catch(() => [] as string[])) {
        const date = dir.slice(`${CURATED_PARTITION}=`.length);
        const target = path.join('events', dir);
        await mkdir(path.join(root, target), { recursive: true });
        for (const f of await readdir(path.join(staging, dir))) {
          await rename(path.join(staging, dir, f), path.join(root, target, f));
          written.set(date, [...(written.get(date) ?? []), path.join(target, f)]);
        }
      }
      for (const d of dates) {
        for (const f of manifest.partitions[d] ?? []) retired.push({ file: f, at: now() });
        const files = written.get(d);
        if (files) partitions[d] = files;
        else delete partitions[d];
      }
      let pending: string | null = null;
      if ((await one(`SELECT count(*) AS n FROM ${TEMP.pending}`)) > 0) {
        pending = path.join('pending', `pending-${run}.parquet`);
        await mkdir(path.join(root, 'pending'), { recursive: true });
        await c.run(`COPY (SELECT ${PENDING_SELECT} FROM ${TEMP.pending}) TO ${sqlString(path.join(root, pending))} (FORMAT parquet, COMPRESSION zstd)`);
      }
      if (manifest.pending !== null) retired.push({ file: manifest.pending, at: now() });
      return {
        manifest: { ...manifest, objects: [...manifest.objects, ...batch].sort(), partitions, pending, retired },
        eventsMerged, rowsInserted, rowsReplaced, partitionsWritten: written.size,
        bytesRead: await sizeOf([...sources, ...touchedFiles, ...(pendingFile ? [pendingFile] : [])]),
      };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (err) {
    if (err instanceof QueryError) throw err;
    throw new QueryError(`curation failed: ${(err as Error).message}`, 'curation_failed');
  } finally {
    for (const t of Object.values(TEMP)) await c.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}


function retireAll(manifest: CurationManifest, at: number): CurationManifest {
  const files = [...Object.values(manifest.partitions).flat(), ...(manifest.pending ? [manifest.pending] : [])];
  return { ...EMPTY, retired: [...manifest.retired, ...files.map((file) => ({ file, at }))] };
}

async function deleteRetired(root: string, manifest: CurationManifest, at: number): Promise<CurationManifest> {
  const keep: Array<{ file: string; at: number }> = [];
  for (const r of manifest.retired) {
    if (at - r.at >= RETIRE_AFTER_MS) await rm(path.join(root, r.file), { force: true });
    else keep.push(r);
  }
  return { ...manifest, retired: keep };
}

async function writeManifest(root: string, manifest: CurationManifest): Promise<void> {
  const temp = path.join(root, `${MANIFEST}.${process.pid}-${randomUUID()}.tmp`);
  await writeFile(temp, JSON.stringify(manifest));
  await rename(temp, path.join(root, MANIFEST));
}

/**
 * Every lake object, `dt=…/hour=…/<name>.gz`, sorted. Through the cache, the objects already converted
 * (the backend syncs the cache before it curates; one that lands in between waits for the next run).
 */
export async function listLakeObjects(lakeDir: string, cached: boolean): Promise<string[]> {
  if (!cached) return listPartitionFiles(path.join(path.resolve(lakeDir), DATA_ROOT), (name) => name.endsWith('.gz'));
  const files = await listPartitionFiles(path.join(cacheRoot(lakeDir), DATA_ROOT), (name) => name.endsWith('.gz.parquet'));
  return files.map((f) => f.slice(0, -'.parquet'.length));
}

/** One writer at a time; a lock left by a crashed run is taken over once older than STALE_LOCK_MS. */
async function acquireLock(root: string, waitMs: number, now: () => number): Promise<() => Promise<void>> {
  const file = path.join(root, LOCK);
  const started = now();
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = await stat(file).then((s) => now() - s.mtimeMs, () => 0);
    if (age > STALE_LOCK_MS) {
      await rm(file, { force: true });
      continue;
    }
    if (now() - started > waitMs) {
      throw new QueryError(`another curation holds ${file}; try again, or delete the file if no pnpm query/curate is running`, 'curation_locked');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
