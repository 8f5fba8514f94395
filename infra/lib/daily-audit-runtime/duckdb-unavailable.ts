// Stands in for @duckdb/node-api in the daily audit's and the curation's Lambda bundles. Both query Athena only, but
// the query layer's index also exports the local (DuckDB) backend, whose native module cannot be bundled
// and is not needed. esbuild aliases the package to this file; using it throws rather than failing at load.
function unavailable(): never {
  throw new Error('DuckDB is not part of this Lambda (daily audit or curation): it queries the lake on Athena only');
}

export const DuckDBInstance = { create: unavailable, fromCache: unavailable };
export const DuckDBTypeId = {};
