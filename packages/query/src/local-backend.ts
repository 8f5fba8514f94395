// The local backend: an in-memory DuckDB with schema event_lake, the table over LAKE_DIR, the dialect
// macros, and every view of athena/views/ created from its file unchanged.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFiles, ATHENA_DIR } from './athena-dir.js';
import { DATABASE_NAME } from './ddl.js';
import { DIALECT_MACROS, SESSION_SETTINGS } from './duckdb-dialect.js';
import { toPlain } from './duckdb-values.js';
import { QueryError, SqlExecutionError } from './errors.js';
import { lakeGlob, localTableSql } from './local-table.js';
import type { QueryResult } from './result.js';
import { stripTrailingSemicolons } from './sql-text.js';

export interface LocalBackendOptions {
  /** The lake root (the folder holding `events/`). */
  readonly lakeDir: string;
  /** Defaults to the repository's athena/. */
  readonly athenaDir?: string;
}

export interface LocalBackend {
  run(sql: string): Promise<QueryResult>;
  close(): void;
}

export async function openLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const s of SESSION_SETTINGS) await connection.run(s);
    for (const m of DIALECT_MACROS) await connection.run(m.sql);
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${DATABASE_NAME}`);
    const files = await connection.runAndReadAll(`SELECT count(*) AS n FROM glob('${lakeGlob(options.lakeDir).replace(/'/g, "''")}')`);
    const hasFiles = Number(files.getRowObjectsJS()[0]?.['n'] ?? 0) > 0;
    await connection.run(localTableSql(options.lakeDir, hasFiles));
    await createViews(connection, options.athenaDir ?? ATHENA_DIR);
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  return {
    run: (sql) => runSql(connection, sql),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
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
