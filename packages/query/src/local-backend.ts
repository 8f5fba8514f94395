// The local backend: an in-memory DuckDB with schema event_lake (also the default schema, so unqualified
// names resolve there as they do in Athena's workgroup database), the table over LAKE_DIR (through the
// Parquet cache by default, see local-cache.ts), the dialect macros, and every view of athena/views/
// created from its file unchanged. All of that is built once, when the backend opens; after that each
// statement first brings the table up to date with the lake (new objects converted, an empty lake's
// table pointed at its first objects), so one backend serves a whole process, however long it waits.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFiles, ATHENA_DIR } from './athena-dir.js';
import { DATABASE_NAME } from './ddl.js';
import { DIALECT_MACROS, SESSION_SETTINGS } from './duckdb-dialect.js';
import { toPlain } from './duckdb-values.js';
import { QueryError, SqlExecutionError } from './errors.js';
import { cacheGlob, syncCache, type CacheProgress } from './local-cache.js';
import { lakeGlob, localTableSql, sqlString, type LocalTableSource } from './local-table.js';
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
}

export interface LocalBackend {
  /**
   * Runs one statement. The first sees the lake as it was when the backend opened; each later one first
   * takes in the objects that arrived since (a listing of the partition folders when nothing is new).
   */
  run(sql: string): Promise<QueryResult>;
  close(): void;
}

export async function openLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const table = lakeTable(instance, connection, options);
  try {
    for (const s of SESSION_SETTINGS) await connection.run(s);
    for (const m of DIALECT_MACROS) await connection.run(m.sql);
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${DATABASE_NAME}`);
    await connection.run(`SET search_path = '${DATABASE_NAME},main'`);
    await table.refresh();
    await createViews(connection, options.athenaDir ?? ATHENA_DIR);
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  let fresh = true; // the table was just brought up to date by opening
  let refreshing: Promise<void> | undefined;
  const refresh = () => (refreshing ??= table.refresh().finally(() => (refreshing = undefined)));
  return {
    run: async (sql) => {
      if (!fresh) await refresh();
      fresh = false;
      return runSql(connection, sql);
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** event_lake.stripe_events, re-pointed only when its source changes (empty lake to objects, or back). */
function lakeTable(instance: DuckDBInstance, connection: DuckDBConnection, options: LocalBackendOptions) {
  let current: string | undefined;
  return {
    async refresh(): Promise<void> {
      const sql = localTableSql(await tableSource(instance, connection, options));
      if (sql === current) return;
      await connection.run(sql);
      current = sql;
    },
  };
}

async function tableSource(instance: DuckDBInstance, connection: DuckDBConnection, options: LocalBackendOptions): Promise<LocalTableSource> {
  if (options.cache === false) {
    const files = await connection.runAndReadAll(`SELECT count(*) AS n FROM glob(${sqlString(lakeGlob(options.lakeDir))})`);
    const hasFiles = Number(files.getRowObjectsJS()[0]?.['n'] ?? 0) > 0;
    return hasFiles ? { kind: 'ndjson', glob: lakeGlob(options.lakeDir) } : { kind: 'empty' };
  }
  const threads = await connection.runAndReadAll(`SELECT current_setting('threads') AS n`);
  const { files } = await syncCache({
    lakeDir: options.lakeDir,
    instance,
    parallelism: Number(threads.getRowObjectsJS()[0]?.['n'] ?? 1),
    ...(options.onCacheProgress ? { onProgress: options.onCacheProgress } : {}),
  });
  return files > 0 ? { kind: 'parquet', glob: cacheGlob(options.lakeDir) } : { kind: 'empty' };
}

/** Creates the views; DuckDB binds a view when it is created, so retry until dependencies exist. */
async function createViews(connection: DuckDBConnection, athenaDir: string): Promise<void> {
  let pending = await readSqlFiles('views', athenaDir);
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
