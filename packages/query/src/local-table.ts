// The DuckDB side of the table: `event_lake.stripe_events` over the lake's gzipped NDJSON, or over the
// Parquet cache of it (local-cache.ts), with the column types taken from the schema definition so an
// empty or odd lake still has the right shape, and the same columns and types on either source.
import { ARCHIVE_COLUMNS, DATA_ROOT, PARTITION_KEYS, type ColumnType } from '@event-lake/lake-format';
import path from 'node:path';
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';

const DUCKDB_TYPES: Record<ColumnType, string> = { string: 'VARCHAR', int: 'INTEGER', boolean: 'BOOLEAN' };

export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A path as a DuckDB glob that matches only itself: DuckDB expands `*`, `?` and `[…]` in every path it
 * reads, so a folder named `lake[1]` would otherwise match `lake1` (another lake, or nothing).
 */
export function globLiteral(filePath: string): string {
  return filePath.replace(/[[*?]/g, (c) => `[${c}]`);
}

/** Glob of every delivered object: `<lake>/events/dt=*\/hour=*\/*.gz`. */
export function lakeGlob(lakeDir: string): string {
  const parts = PARTITION_KEYS.map((k) => `${k.name}=*`);
  return path.join(globLiteral(path.resolve(lakeDir)), DATA_ROOT, ...parts, '*.gz');
}

const archiveList = ARCHIVE_COLUMNS.map((c) => c.name).join(', ');
const selectList = [archiveList, ...PARTITION_KEYS.map((k) => k.name)].join(', ');
// Partition values stay text, exactly as in the path (`hour=07` is '07'), as in Athena's projection.
const hiveOptions = `hive_partitioning = true, hive_types = {${PARTITION_KEYS.map((k) => `${k.name}: 'VARCHAR'`).join(', ')}}, hive_types_autocast = false`;

/**
 * SELECT of the archive columns (plus the partition columns when `withPartitions`) from gzipped NDJSON;
 * `source` is a SQL expression: a quoted glob (a single file through globLiteral).
 */
export function ndjsonSource(source: string, withPartitions: boolean): string {
  const columns = ARCHIVE_COLUMNS.map((c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`).join(', ');
  return `SELECT ${withPartitions ? selectList : archiveList} FROM read_ndjson(${source},
    columns = {${columns}},
    ${withPartitions ? hiveOptions : 'hive_partitioning = false'},
    compression = 'gzip', format = 'newline_delimited')`;
}

/** Where the table reads from: the raw objects, the Parquet cache (a glob), or nothing (empty lake). */
export type LocalTableSource = { readonly kind: 'ndjson'; readonly glob: string } | { readonly kind: 'parquet'; readonly glob: string } | { readonly kind: 'empty' };

/** CREATE VIEW event_lake.stripe_events over `source`; `empty` gives an empty relation of the same columns. */
export function localTableSql(source: LocalTableSource): string {
  const name = `${DATABASE_NAME}.${TABLE_NAME}`;
  if (source.kind === 'empty') {
    const cols = [
      ...ARCHIVE_COLUMNS.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${c.name}`),
      ...PARTITION_KEYS.map((k) => `CAST(NULL AS VARCHAR) AS ${k.name}`),
    ];
    return `CREATE OR REPLACE VIEW ${name} AS SELECT ${cols.join(', ')} WHERE false`;
  }
  if (source.kind === 'ndjson') return `CREATE OR REPLACE VIEW ${name} AS ${ndjsonSource(sqlString(source.glob), true)}`;
  // The cache files hold exactly the archive columns, typed by ndjsonSource (Parquet keeps the types).
  return `CREATE OR REPLACE VIEW ${name} AS SELECT ${selectList} FROM read_parquet(${sqlString(source.glob)}, ${hiveOptions})`;
}
