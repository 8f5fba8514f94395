// The programmatic API: run SQL text or a named query on either backend.
import { AthenaClient } from '@aws-sdk/client-athena';
import { athenaApiFromClient, runAthenaQuery, type AthenaApi, type AthenaProgress } from './athena-backend.js';
import type { CacheProgress } from './local-cache.js';
import type { CurationProgress } from './local-curation.js';
import { openLocalBackend } from './local-backend.js';
import { getNamedQuery } from './named-queries.js';
import { bindParams } from './params.js';
import type { QueryResult } from './result.js';

export interface LocalBackendChoice {
  readonly backend: 'local';
  /** The lake root holding `events/` (LAKE_DIR). */
  readonly lakeDir: string;
  /** Defaults to the repository's athena/ (views and named queries). */
  readonly athenaDir?: string;
  /** Read through the Parquet cache under `<lakeDir>/.query-cache/` (default true); false reads the raw objects. */
  readonly cache?: boolean;
  /** Called while new lake objects are converted into the cache. */
  readonly onCacheProgress?: (progress: CacheProgress) => void;
  /** Called while new lake objects are merged into stripe_events_curated (a statement that reads it). */
  readonly onCurationProgress?: (progress: CurationProgress) => void;
}

export interface AthenaBackendChoice {
  readonly backend: 'athena';
  readonly region?: string;
  readonly workgroup?: string;
  readonly database?: string;
  readonly outputLocation?: string;
  /** Defaults to a real AthenaClient; tests pass a fake. */
  readonly api?: AthenaApi;
  readonly onProgress?: (progress: AthenaProgress) => void;
  /** Aborting stops the running Athena query. */
  readonly signal?: AbortSignal;
  readonly athenaDir?: string;
}

export type BackendChoice = LocalBackendChoice | AthenaBackendChoice;

/** Runs one SQL statement (Athena SQL; the local backend runs it on DuckDB through the dialect layer). */
export async function runQuery(options: BackendChoice & { readonly sql: string }): Promise<QueryResult> {
  if (options.backend === 'local') {
    const local = await openLocalBackend({
      lakeDir: options.lakeDir,
      ...(options.athenaDir ? { athenaDir: options.athenaDir } : {}),
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
      ...(options.onCacheProgress ? { onCacheProgress: options.onCacheProgress } : {}),
      ...(options.onCurationProgress ? { onCurationProgress: options.onCurationProgress } : {}),
    });
    try {
      return await local.run(options.sql);
    } finally {
      local.close();
    }
  }
  // The SDK has no request timeout by default: a hanging endpoint would hang the query forever.
  const api = options.api ?? athenaApiFromClient(new AthenaClient({
    ...(options.region ? { region: options.region } : {}),
    requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000 },
  }));
  return runAthenaQuery(options.sql, {
    api,
    ...(options.workgroup ? { workgroup: options.workgroup } : {}),
    ...(options.database ? { database: options.database } : {}),
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The SQL of a named query with its parameters bound (validated and rendered as typed literals). */
export async function namedQuerySql(name: string, params: Readonly<Record<string, string>>, athenaDir?: string): Promise<string> {
  const query = await getNamedQuery(name, athenaDir);
  return bindParams(query.sql, query.params, params);
}

/** Runs athena/queries/<name>.sql with `params` (e.g. `{ start: '2026-01-01', end: '2026-02-01' }`). */
export async function runNamedQuery(
  name: string,
  params: Readonly<Record<string, string>>,
  options: BackendChoice,
): Promise<QueryResult> {
  const sql = await namedQuerySql(name, params, options.athenaDir);
  return runQuery({ ...options, sql });
}
