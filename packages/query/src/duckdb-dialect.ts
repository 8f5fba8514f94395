// The thin dialect layer that lets athena/*.sql run unchanged on DuckDB: macros named after the
// Athena (Trino) functions the SQL uses, each with Trino's meaning for the way we use it. DuckDB already
// has date_diff, date_trunc, count_if, min_by/max_by, array_agg(... ORDER BY ...), try_cast, row_number
// with the same meaning, so they are not redefined (a macro would shadow the built-in).
// Differences that remain are listed in docs/querying.md ("Local vs. Athena").

export const DIALECT_MACROS: ReadonlyArray<{ name: string; sql: string; why: string }> = [
  {
    name: 'json_extract_scalar',
    // Trino returns NULL for objects and arrays; DuckDB's json_extract_string would return their text.
    sql: `CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS
      CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
    why: 'scalar at a JSONPath as varchar; NULL for missing, null, object or array',
  },
  {
    name: 'from_iso8601_timestamp',
    sql: `CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
    why: 'ISO-8601 text to timestamp with time zone',
  },
  {
    name: 'from_unixtime',
    sql: `CREATE OR REPLACE MACRO from_unixtime(x) AS to_timestamp(x)`,
    why: 'epoch seconds (Stripe object timestamps) to timestamp with time zone',
  },
  {
    name: 'approx_percentile',
    // Exact nearest-rank percentile locally; Athena's is approximate (qdigest, ~1% rank error).
    sql: `CREATE OR REPLACE MACRO approx_percentile(x, p) AS quantile_disc(x, p)`,
    why: 'percentile of a column',
  },
  {
    name: 'array_join',
    sql: `CREATE OR REPLACE MACRO array_join(a, sep) AS array_to_string(a, sep)`,
    why: 'concatenate array elements (body parts) with a separator',
  },
  {
    name: 'json_format',
    // Trino serialises a JSON value as compact text; DuckDB's cast of a JSON value does the same.
    sql: `CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
    why: 'JSON value (json_extract) as its JSON text',
  },
  {
    name: 'date_format',
    // Only the specifiers %Y %m %d %H are used; they mean the same in MySQL-style (Trino) and strftime.
    sql: `CREATE OR REPLACE MACRO date_format(t, f) AS strftime(t, f)`,
    why: 'format a date or timestamp (partition values yyyy-MM-dd)',
  },
];

/** Session settings: UTC like Athena, and never fetch extensions (json, parquet, icu are built in). */
export const SESSION_SETTINGS: readonly string[] = [
  `SET TimeZone = 'UTC'`,
  `SET autoinstall_known_extensions = false`,
  `SET autoload_known_extensions = false`,
  // Results are aggregated or explicitly ordered; letting DuckDB reorder scans is faster.
  `SET preserve_insertion_order = false`,
];
