// The Athena backend: StartQueryExecution, poll GetQueryExecution with a status callback, then page
// through GetQueryResults. The AWS client sits behind AthenaApi so tests pass a fake (no network).
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type GetQueryExecutionCommandInput,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandInput,
  type GetQueryResultsCommandOutput,
  type StartQueryExecutionCommandInput,
  type StartQueryExecutionCommandOutput,
  StopQueryExecutionCommand,
  type StopQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { athenaCostUsd } from './athena-cost.js';
import { convertAthenaValue } from './athena-values.js';
import { DATABASE_NAME, WORKGROUP_NAME } from '@event-lake/lake-format';
import { QueryCancelledError, QueryError, SqlExecutionError } from './errors.js';
import type { QueryResult } from './result.js';
import { stripTrailingSemicolons } from './sql-text.js';

/** The three Athena calls the backend uses: the seam tests replace. */
export interface AthenaApi {
  startQueryExecution(input: StartQueryExecutionCommandInput): Promise<StartQueryExecutionCommandOutput>;
  getQueryExecution(input: GetQueryExecutionCommandInput): Promise<GetQueryExecutionCommandOutput>;
  getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput>;
  /** Optional: used to stop a running query when the caller aborts (Ctrl-C), so it stops scanning and billing. */
  stopQueryExecution?(input: StopQueryExecutionCommandInput): Promise<unknown>;
}

export function athenaApiFromClient(client: AthenaClient): AthenaApi {
  return {
    startQueryExecution: (input) => client.send(new StartQueryExecutionCommand(input)),
    getQueryExecution: (input) => client.send(new GetQueryExecutionCommand(input)),
    getQueryResults: (input) => client.send(new GetQueryResultsCommand(input)),
    stopQueryExecution: (input) => client.send(new StopQueryExecutionCommand(input)),
  };
}

export interface AthenaProgress {
  readonly queryExecutionId: string;
  readonly state: string;
  readonly elapsedMs: number;
  readonly bytesScanned: number;
}

export interface AthenaRunOptions {
  readonly api: AthenaApi;
  /** Default: the stack's workgroup, `event-lake`. */
  readonly workgroup?: string;
  /** Default `event_lake`. */
  readonly database?: string;
  /** s3://… for results; optional when the workgroup sets one. */
  readonly outputLocation?: string;
  /** Called after every poll (the CLI draws a status line on stderr). */
  readonly onProgress?: (progress: AthenaProgress) => void;
  /** Poll interval bounds in ms (default 250 → 2000, doubling). */
  readonly pollMs?: { readonly initial: number; readonly max: number };
  /** Aborting stops the Athena query (StopQueryExecution) and rejects with QueryCancelledError. */
  readonly signal?: AbortSignal;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one SDK call; AWS errors (credentials, throttling, network) become a QueryError naming the call. */
async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof QueryError) throw err;
    const e = err as Error;
    throw new QueryError(`Athena ${operation} failed: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`, 'athena_call');
  }
}

export async function runAthenaQuery(sql: string, options: AthenaRunOptions): Promise<QueryResult> {
  const raw = options.api;
  const api: AthenaApi = {
    startQueryExecution: (input) => call('StartQueryExecution', () => raw.startQueryExecution(input)),
    getQueryExecution: (input) => call('GetQueryExecution', () => raw.getQueryExecution(input)),
    getQueryResults: (input) => call('GetQueryResults', () => raw.getQueryResults(input)),
    ...(raw.stopQueryExecution ? { stopQueryExecution: (input) => call('StopQueryExecution', () => raw.stopQueryExecution!(input)) } : {}),
  };
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  const started = now();

  const start = await api.startQueryExecution({
    QueryString: stripTrailingSemicolons(sql),
    WorkGroup: options.workgroup ?? WORKGROUP_NAME,
    QueryExecutionContext: { Database: options.database ?? DATABASE_NAME, Catalog: 'AwsDataCatalog' },
    ...(options.outputLocation ? { ResultConfiguration: { OutputLocation: options.outputLocation } } : {}),
  });
  const id = start.QueryExecutionId;
  if (!id) throw new QueryError('Athena StartQueryExecution returned no QueryExecutionId', 'athena_protocol');

  let delay = options.pollMs?.initial ?? 250;
  const maxDelay = options.pollMs?.max ?? 2000;
  let bytesScanned = 0;
  for (;;) {
    if (options.signal?.aborted) {
      await api.stopQueryExecution?.({ QueryExecutionId: id });
      throw new QueryCancelledError(`Athena query ${id} stopped on request; Athena bills what it scanned so far`);
    }
    const exec = (await api.getQueryExecution({ QueryExecutionId: id })).QueryExecution;
    const state = exec?.Status?.State ?? 'UNKNOWN';
    bytesScanned = exec?.Statistics?.DataScannedInBytes ?? bytesScanned;
    options.onProgress?.({ queryExecutionId: id, state, elapsedMs: now() - started, bytesScanned });
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED') {
      const reason = exec?.Status?.StateChangeReason ?? 'no reason given';
      const type = exec?.Status?.AthenaError?.ErrorType;
      throw new SqlExecutionError(`Athena query ${id} FAILED: ${reason}${type ? ` (${type})` : ''}`);
    }
    if (state === 'CANCELLED') {
      const reason = exec?.Status?.StateChangeReason;
      throw new QueryCancelledError(
        `Athena query ${id} was CANCELLED${reason ? `: ${reason}` : ''} (by a user, or the workgroup's bytes-scanned limit)`,
      );
    }
    if (state !== 'QUEUED' && state !== 'RUNNING') {
      throw new QueryError(`Athena query ${id} is in unexpected state ${state}`, 'athena_protocol');
    }
    await sleep(delay);
    delay = Math.min(maxDelay, delay * 2);
  }

  const { columns, types, rows } = await readAllResults(api, id);
  return {
    columns,
    rows: rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, convertAthenaValue(cells[i], types[i] ?? 'varchar')]))),
    stats: {
      backend: 'athena',
      elapsedMs: now() - started,
      queryExecutionId: id,
      bytesScanned,
      costUsd: athenaCostUsd(bytesScanned),
    },
  };
}

/** Pages through GetQueryResults. The first row of a SELECT's first page repeats the column labels. */
async function readAllResults(api: AthenaApi, id: string) {
  let columns: string[] = [];
  let types: string[] = [];
  const rows: Array<Array<string | undefined>> = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await api.getQueryResults({ QueryExecutionId: id, MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
    const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    if (first) {
      columns = info.map((c) => c.Label ?? c.Name ?? '');
      types = info.map((c) => c.Type ?? 'varchar');
    }
    let pageRows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue));
    if (first && pageRows.length > 0 && isHeaderRow(pageRows[0]!, columns)) pageRows = pageRows.slice(1);
    rows.push(...pageRows);
    token = page.NextToken;
    first = false;
  } while (token);
  return { columns, types, rows };
}

function isHeaderRow(row: ReadonlyArray<string | undefined>, columns: readonly string[]): boolean {
  return columns.length > 0 && row.length === columns.length && row.every((v, i) => v === columns[i]);
}
