// Stands in for @duckdb/node-api in the daily audit's Lambda bundle. The audit queries Athena only, but
// the query layer's index also exports the local (DuckDB) backend, whose native module cannot be bundled
// and is not needed. esbuild aliases the package to this file; using it throws rather than failing at load.
function unavailable(): never {
  throw new Error('DuckDB is not part of the daily audit Lambda: it queries the lake on Athena only');
}

export const DuckDBInstance = { create: unavailable, fromCache: unavailable };
export const DuckDBTypeId = {};
