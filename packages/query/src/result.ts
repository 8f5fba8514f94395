// What every backend returns.

export interface QueryStats {
  readonly backend: 'local' | 'athena';
  readonly elapsedMs: number;
  /** Athena only. */
  readonly queryExecutionId?: string;
  readonly bytesScanned?: number;
  /** USD at $5/TB, rounded up to whole MB with a 10 MB minimum. */
  readonly costUsd?: number;
}

export interface QueryResult {
  readonly columns: string[];
  /**
   * One object per row. Values are JSON-friendly and the same shape on both engines: strings, numbers
   * (integers beyond 2^53 stay strings), booleans, null; timestamps as ISO-8601 UTC strings, dates as
   * YYYY-MM-DD.
   */
  readonly rows: Record<string, unknown>[];
  readonly stats: QueryStats;
}
