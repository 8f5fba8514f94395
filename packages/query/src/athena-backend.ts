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
} from '@aws-sdk/client-athena';
import { athenaCostUsd } from './athena-cost.js';
import { convertAthenaValue } from './athena-values.js';
import { DATABASE_NAME } from './ddl.js';
import { QueryCancelledError, QueryError, SqlExecutionError } from './errors.js';
import type { QueryResult } from './result.js';
import { stripTrailingSemicolons } from './sql-text.js';

/** The three Athena calls the backend uses: the seam tests replace. */
export interface AthenaApi {
  startQueryExecution(input: StartQueryExecutionCommandInput): Promise<StartQueryExecutionCommandOutput>;
  getQueryExecution(input: GetQueryExecutionCommandInput): Promise<GetQueryExecutionCommandOutput>;
  getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput>;
}

export function athenaApiFromClient(client: AthenaClient): AthenaApi {
  return {
    startQueryExecution: (input) => client.send(new StartQueryExecutionCommand(input)),
    getQueryExecution: (input) => client.send(new GetQueryExecutionCommand(input)),
    getQueryResults: (input) => client.send(new GetQueryResultsCommand(input)),
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
  /** Default `primary`. */
  readonly workgroup?: string;
  /** Default `event_lake`. */
  readonly database?: string;
  /** s3://… for results; optional when the workgroup sets one. */
  readonly outputLocation?: string;
  /** Called after every poll (the CLI draws a status line on stderr). */
  readonly onProgress?: (progress: AthenaProgress) => void;
  /** Poll interval bounds in ms (default 250 → 2000, doubling). */
  readonly pollMs?: { readonly initial: number; readonly max: number };
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runAthenaQuery(sql: string, options: AthenaRunOptions): Promise<QueryResult> {
  const { api } = options;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  const started = now();

  const start = await api.startQueryExecution({
    QueryString: stripTrailingSemicolons(sql),
    WorkGroup: options.workgroup ?? 'primary',
    QueryExecutionContext: { Database: options.database ?? DATABASE_NAME, Catalog: 'AwsDataCatalog' },
    ...(options.outputLocation ? { ResultConfiguration: { OutputLocation: options.outputLocation } } : {}),
  });
  const id = start.QueryExecutionId;
  if (!id) throw new QueryError('Athena StartQueryExecution returned no QueryExecutionId', 'athena_protocol');

  let delay = options.pollMs?.initial ?? 250;
  const maxDelay = options.pollMs?.max ?? 2000;
  let bytesScanned = 0;
  for (;;) {
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
