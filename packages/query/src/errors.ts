// The package's closed set of errors. The CLI prints `message` (never a stack) and exits non-zero.

/** Base class: anything the user can fix (bad flag, bad parameter, bad SQL, failed Athena query). */
export class QueryError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. `bad_param`, `athena_failed`. */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A named-query parameter that is missing, unknown or not of its declared type. */
export class ParamError extends QueryError {
  constructor(message: string) {
    super(message, 'bad_param');
  }
}

/** An `.sql` file in athena/ whose header is malformed, or (code `unknown_query`) a name that is not a named query. */
export class NamedQueryError extends QueryError {
  constructor(message: string, code: 'named_query' | 'unknown_query' = 'named_query') {
    super(message, code);
  }
}

/** The engine rejected or failed the SQL (DuckDB error, or Athena FAILED). */
export class SqlExecutionError extends QueryError {
  constructor(message: string) {
    super(message, 'sql_failed');
  }
}

/** Athena reported the query CANCELLED (by a user, the workgroup's bytes-scanned cap, or a timeout). */
export class QueryCancelledError extends QueryError {
  constructor(message: string) {
    super(message, 'cancelled');
  }
}
