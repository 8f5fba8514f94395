// The local backend: an in-memory DuckDB with schema event_lake (also the default schema, so unqualified
// names resolve there as they do in Athena's workgroup database), the table over LAKE_DIR (through the
// Parquet cache by default, see local-cache.ts), the curated table (local-curation.ts), the dialect
// macros, and the views of athena/views/ created from their files unchanged, each when a statement first
// needs it. Each statement first brings the table up to date with the lake (new objects converted, an
// empty lake's table pointed at its first objects) and, if it reads the curated table, curates what
// arrived, so one backend serves a whole process, however long it waits. A statement that does not read
// the raw table lists only the recent arrival partitions (recent-objects.ts), so a curated question's
// check costs what is new, not the archive.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFiles, ATHENA_DIR } from './athena-dir.js';
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';
import { DIALECT_MACROS, SESSION_SETTINGS } from './duckdb-dialect.js';
import { toPlain } from './duckdb-values.js';
import { QueryError, SqlExecutionError } from './errors.js';
import { cacheGlob, syncCache, type CacheProgress, type CacheSyncOptions } from './local-cache.js';
import { CURATED_TABLE } from './curated-schema.js';
import { curatedFiles, curatedSelectSql, curateLocal, readManifest, type CurationProgress, type CurationReport } from './local-curation.js';
import { lakeGlob, localTableSql, sqlString, type LocalTableSource } from './local-table.js';
import { quickCheckSince, recordFullListing } from './recent-objects.js';
import type { QueryResult } from './result.js';
import { stripTrailingSemicolons } from './sql-text.js';

export interface LocalBackendOptions {
  /** The lake root (the folder holding `events/`). */
  readonly lakeDir: string;
  /** Defaults to the repository's athena/. */
  readonly athenaDir?: string;
  /**
   * Read through the Parquet cache in `<lakeDir>/.query-cache/` (default true): new objects are
   * converted once, when the backend opens or before the next statement after their arrival.
   * `false` reads the gzipped NDJSON objects directly.
   */
  readonly cache?: boolean;
  /** Called while new objects are converted (only when there are some). */
  readonly onCacheProgress?: (progress: CacheProgress) => void;
  /**
   * Bring stripe_events_curated up to date before a statement that reads it (directly or through a view
   * built on it), default true. `false` reads it as the last curation left it.
   */
  readonly curate?: boolean;
  /** Called while new lake objects are merged into the curated table. */
  readonly onCurationProgress?: (progress: CurationProgress) => void;
  /** Called after each curation that had something to do. */
  readonly onCurated?: (report: CurationReport) => void;
}

export interface LocalBackend {
  /**
   * Runs one statement. The first sees the lake as it was when the backend opened; each later one first
   * takes in the objects that arrived since (a listing of the partition folders when nothing is new: all
   * of them for a statement on the raw table, the recent ones otherwise; recent-objects.ts).
   */
  run(sql: string): Promise<QueryResult>;
  /** Curates now (or rebuilds), whatever the next statement reads; the `curate` option does not apply. */
  curate(options?: { readonly rebuild?: boolean; readonly dryRun?: boolean }): Promise<CurationReport>;
  close(): void;
}

export async function openLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const table = lakeTable(instance, connection, options);
  const curated = curatedTable(connection, options, table.listed);
  const views = await readSqlFiles('views', options.athenaDir ?? ATHENA_DIR);
  const needs = nameReader(views);
  // Views are created when a statement first names them (or a view built on them), and the raw table is
  // pointed at the lake only then: binding it expands the lake-wide glob, a cost that grows with the
  // archive, which a question about the curated table should not pay.
  const created = new Set<string>();
  const prepare = async (names: ReadonlySet<string>) => {
    if (names.has(TABLE_NAME)) await table.point();
    if (names.has(CURATED_TABLE)) await curated.point();
    const todo = views.filter((v) => names.has(v.name) && !created.has(v.name));
    await createViews(connection, todo);
    for (const v of todo) created.add(v.name);
  };
  const everything = new Set<string>([TABLE_NAME, CURATED_TABLE, ...views.map((v) => v.name)]);
  let fresh: SyncKind | undefined; // what opening's check did, for the first statement
  try {
    for (const s of SESSION_SETTINGS) await connection.run(s);
    for (const m of DIALECT_MACROS) await connection.run(m.sql);
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${DATABASE_NAME}`);
    await connection.run(`SET search_path = '${DATABASE_NAME},main'`);
    fresh = await table.sync('recent');
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  // A statement that reads the raw table lists the whole lake (binding its glob costs as much anyway);
  // any other lists only the recent arrival partitions (recent-objects.ts). The first statement reuses
  // opening's check when it is enough.
  const sync = async (wanted: SyncKind) => {
    const enough = fresh === 'full' || fresh === wanted;
    fresh = undefined;
    if (!enough) await table.sync(wanted);
  };
  return {
    run: async (sql) => {
      const names = needs(sql);
      await sync(names.has(TABLE_NAME) ? 'full' : 'recent');
      if (options.curate !== false && names.has(CURATED_TABLE)) {
        const report = await curated.update({});
        if (report.objectsRead > 0) options.onCurated?.(report);
      }
      await prepare(names);
      try {
        return await runSql(connection, sql);
      } catch (err) {
        // A name the text scan missed: make everything and try once more.
        if (!/Catalog Error/.test((err as Error).message) || created.size === views.length) throw err;
        if (!names.has(TABLE_NAME)) await table.sync('full');
        await prepare(everything);
        return runSql(connection, sql);
      }
    },
    curate: async (o = {}) => {
      await sync('full');
      return curated.update(o);
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** event_lake.stripe_events: its source follows the lake at each sync; the view is (re)made only when used and changed. */
function lakeTable(instance: DuckDBInstance, connection: DuckDBConnection, options: LocalBackendOptions) {
  let wanted: string | undefined;
  let current: string | undefined;
  const listed: Listed = {};
  return {
    listed,
    /** Converts new objects; 'recent' may list only the recent partitions (then the view is left as it is). */
    async sync(kind: SyncKind): Promise<SyncKind> {
      if (kind === 'recent' && options.cache !== false) {
        const since = await quickCheckSince(options.lakeDir, Date.now());
        if (since !== undefined) {
          const recent = (await syncCache(cacheOptions(instance, options, await threadsOf(connection), since))).objects;
          // A full listing no curation has used yet stays in: it may hold late objects older than `since`.
          listed.objects = listed.fullAt === undefined ? recent : [...new Set([...(listed.objects ?? []), ...recent])].sort();
          return 'recent';
        }
      }
      wanted = localTableSql(await tableSource(instance, connection, options, listed));
      return 'full';
    },
    async point(): Promise<void> {
      if (wanted === undefined || wanted === current) return;
      await connection.run(wanted);
      current = wanted;
    },
  };
}

/** The objects the last cache sync saw (cache on; only the recent partitions after a quick check), so curation need not list the lake again. */
interface Listed {
  objects?: readonly string[];
  /** When the full listing in `objects` started, until a curation has used it (then recorded: recent-objects.ts). */
  fullAt?: number;
}

/** A check of the whole lake, or of its recent arrival partitions only. */
type SyncKind = 'full' | 'recent';

async function threadsOf(connection: DuckDBConnection): Promise<number> {
  const threads = await connection.runAndReadAll(`SELECT current_setting('threads') AS n`);
  return Number(threads.getRowObjectsJS()[0]?.['n'] ?? 1);
}

function cacheOptions(instance: DuckDBInstance, options: LocalBackendOptions, parallelism: number, since?: string): CacheSyncOptions {
  return {
    lakeDir: options.lakeDir, instance, parallelism,
    ...(options.onCacheProgress ? { onProgress: options.onCacheProgress } : {}),
    ...(since !== undefined ? { since } : {}),
  };
}

async function tableSource(instance: DuckDBInstance, connection: DuckDBConnection, options: LocalBackendOptions, listed: Listed): Promise<LocalTableSource> {
  if (options.cache === false) {
    const files = await connection.runAndReadAll(`SELECT count(*) AS n FROM glob(${sqlString(lakeGlob(options.lakeDir))})`);
    const hasFiles = Number(files.getRowObjectsJS()[0]?.['n'] ?? 0) > 0;
    return hasFiles ? { kind: 'ndjson', glob: lakeGlob(options.lakeDir) } : { kind: 'empty' };
  }
  const startedAt = Date.now();
  const { files, objects } = await syncCache(cacheOptions(instance, options, await threadsOf(connection)));
  listed.objects = objects;
  listed.fullAt = startedAt;
  return files > 0 ? { kind: 'parquet', glob: cacheGlob(options.lakeDir) } : { kind: 'empty' };
}

/** event_lake.stripe_events_curated over the files of the manifest, re-pointed after each curation. */
function curatedTable(connection: DuckDBConnection, options: LocalBackendOptions, listed: Listed) {
  let current: string | undefined;
  const point = async (): Promise<void> => {
    const files = curatedFiles(options.lakeDir, await readManifest(options.lakeDir));
    const sql = `CREATE OR REPLACE VIEW ${DATABASE_NAME}.${CURATED_TABLE} AS ${curatedSelectSql(files)}`;
    if (sql === current) return;
    await connection.run(sql);
    current = sql;
  };
  return {
    point,
    async update(o: { readonly rebuild?: boolean; readonly dryRun?: boolean }): Promise<CurationReport> {
      const report = await curateLocal({
        lakeDir: options.lakeDir,
        connection,
        ...(options.cache === false ? { cache: false } : {}),
        ...(options.athenaDir ? { athenaDir: options.athenaDir } : {}),
        ...(options.onCurationProgress ? { onProgress: options.onCurationProgress } : {}),
        ...(listed.objects ? { objects: listed.objects } : {}),
        ...o,
      });
      // Every object of a full listing is now curated: quick checks may start from the curated watermark.
      // An optimisation only: when the time cannot be recorded, the next check lists everything again.
      if (listed.fullAt !== undefined && !o.dryRun && options.cache !== false) {
        if ((listed.objects?.length ?? 0) > 0) await recordFullListing(options.lakeDir, listed.fullAt).catch(() => undefined);
        listed.fullAt = undefined;
      }
      await point();
      return report;
    },
  };
}

/**
 * The tables and views a statement needs: the names it mentions (outside comments), and what those views
 * read, transitively. A word match on the text: a false positive only costs a view made or a curation run.
 */
function nameReader(views: ReadonlyArray<{ name: string; text: string }>): (sql: string) => Set<string> {
  const all = [TABLE_NAME, CURATED_TABLE, ...views.map((v) => v.name)];
  const mentioned = (text: string) => {
    const bare = text.replace(/--[^\n]*/g, '');
    return all.filter((n) => new RegExp(`\\b${n}\\b`, 'i').test(bare));
  };
  const reads = new Map(views.map((v) => [v.name, mentioned(v.text.slice(Math.max(0, v.text.search(/^CREATE /m)))).filter((n) => n !== v.name)]));
  return (sql) => {
    const out = new Set<string>();
    const visit = (n: string) => {
      if (out.has(n)) return;
      out.add(n);
      for (const m of reads.get(n) ?? []) visit(m);
    };
    mentioned(sql).forEach(visit);
    return out;
  };
}

/** Creates the views; DuckDB binds a view when it is created, so retry until dependencies exist. */
async function createViews(connection: DuckDBConnection, views: ReadonlyArray<{ name: string; path: string; text: string }>): Promise<void> {
  let pending = [...views];
  while (pending.length > 0) {
    const failed: Array<{ name: string; path: string; text: string; error: string }> = [];
    for (const view of pending) {
      try {
        await connection.run(stripTrailingSemicolons(view.text));
      } catch (err) {
        failed.push({ ...view, error: (err as Error).message });
      }
    }
    if (failed.length === pending.length) {
      const first = failed[0]!;
      throw new QueryError(`cannot create view from ${first.path}: ${first.error}`, 'view_failed');
    }
    pending = failed;
  }
}

async function runSql(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  const started = performance.now();
  try {
    const reader = await connection.runAndReadAll(stripTrailingSemicolons(sql));
    const columns = reader.columnNames();
    const types = reader.columnTypes();
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      columns.forEach((c, i) => {
        out[c] = toPlain(row[c], types[i]);
      });
      return out;
    });
    return { columns, rows, stats: { backend: 'local', elapsedMs: performance.now() - started } };
  } catch (err) {
    throw new SqlExecutionError(`DuckDB: ${(err as Error).message}`);
  }
}
