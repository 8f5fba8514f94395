// The DuckDB side of the table: `event_lake.stripe_events` over the lake's gzipped NDJSON, with the
// column types taken from the schema definition so an empty or odd lake still has the right shape.
import { ARCHIVE_COLUMNS, DATA_ROOT, PARTITION_KEYS, type ColumnType } from '@event-lake/lake-format';
import path from 'node:path';
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';

const DUCKDB_TYPES: Record<ColumnType, string> = { string: 'VARCHAR', int: 'INTEGER', boolean: 'BOOLEAN' };

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Glob of every delivered object: `<lake>/events/dt=*\/hour=*\/*.gz`. */
export function lakeGlob(lakeDir: string): string {
  const parts = PARTITION_KEYS.map((k) => `${k.name}=*`);
  return path.join(path.resolve(lakeDir), DATA_ROOT, ...parts, '*.gz');
}

const selectList = [...ARCHIVE_COLUMNS.map((c) => c.name), ...PARTITION_KEYS.map((k) => k.name)].join(', ');

/** CREATE VIEW over read_ndjson; `hasFiles` false gives an empty relation of the same columns. */
export function localTableSql(lakeDir: string, hasFiles: boolean): string {
  const name = `${DATABASE_NAME}.${TABLE_NAME}`;
  if (!hasFiles) {
    const cols = [
      ...ARCHIVE_COLUMNS.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${c.name}`),
      ...PARTITION_KEYS.map((k) => `CAST(NULL AS VARCHAR) AS ${k.name}`),
    ];
    return `CREATE OR REPLACE VIEW ${name} AS SELECT ${cols.join(', ')} WHERE false`;
  }
  const columns = ARCHIVE_COLUMNS.map((c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`).join(', ');
  const hiveTypes = PARTITION_KEYS.map((k) => `${k.name}: 'VARCHAR'`).join(', ');
  return `CREATE OR REPLACE VIEW ${name} AS SELECT ${selectList} FROM read_ndjson(${sqlString(lakeGlob(lakeDir))},
    columns = {${columns}},
    hive_partitioning = true, hive_types = {${hiveTypes}}, hive_types_autocast = false,
    compression = 'gzip', format = 'newline_delimited')`;
}
