// The Athena backend at the SDK seam: a fake implementing the three calls, no network, no module mocks.
import { describe, expect, it } from '@jest/globals';
import type {
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandInput,
  GetQueryResultsCommandOutput,
  QueryExecutionState,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { runAthenaQuery, type AthenaApi, type AthenaProgress } from '../src/athena-backend.js';
import { athenaCostUsd, billedBytes } from '../src/athena-cost.js';
import { QueryCancelledError, SqlExecutionError } from '../src/errors.js';
import { runNamedQuery } from '../src/run-query.js';

interface Poll {
  readonly state: QueryExecutionState;
  readonly bytes?: number;
  readonly reason?: string;
}

const COLUMNS = [
  { Name: 'day', Label: 'day', Type: 'varchar' },
  { Name: 'events', Label: 'events', Type: 'bigint' },
  { Name: 'rate', Label: 'rate', Type: 'double' },
  { Name: 'ok', Label: 'ok', Type: 'boolean' },
  { Name: 'at', Label: 'at', Type: 'timestamp(3) with time zone' },
];

class FakeAthena implements AthenaApi {
  readonly started: StartQueryExecutionCommandInput[] = [];
  readonly resultCalls: GetQueryResultsCommandInput[] = [];
  private polls: Poll[];
  constructor(polls: Poll[], private readonly pages: Array<Array<Array<string | undefined>>> = []) {
    this.polls = [...polls];
  }
  async startQueryExecution(input: StartQueryExecutionCommandInput) {
    this.started.push(input);
    return { QueryExecutionId: 'qid-1', $metadata: {} };
  }
  async getQueryExecution(): Promise<GetQueryExecutionCommandOutput> {
    const p = this.polls.length > 1 ? this.polls.shift()! : this.polls[0]!;
    return {
      $metadata: {},
      QueryExecution: {
        QueryExecutionId: 'qid-1',
        Status: { State: p.state, ...(p.reason ? { StateChangeReason: p.reason } : {}) },
        Statistics: { DataScannedInBytes: p.bytes ?? 0 },
      },
    };
  }
  async getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput> {
    this.resultCalls.push(input);
    const index = input.NextToken ? Number(input.NextToken) : 0;
    const rows = this.pages[index] ?? [];
    return {
      $metadata: {},
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: COLUMNS },
        Rows: rows.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
      },
      ...(index + 1 < this.pages.length ? { NextToken: String(index + 1) } : {}),
    };
  }
}

const noSleep = async () => {};

describe('runAthenaQuery', () => {
  it('polls until SUCCEEDED, reporting progress, then pages through typed results', async () => {
    const fake = new FakeAthena(
      [{ state: 'QUEUED' }, { state: 'RUNNING', bytes: 1000 }, { state: 'RUNNING', bytes: 5_000_000 }, { state: 'SUCCEEDED', bytes: 52_428_800 }],
      [
        [['day', 'events', 'rate', 'ok', 'at'], ['2026-01-01', '12', '0.25', 'true', '2026-01-01 00:00:01.500 UTC']],
        [['2026-01-02', '9007199254740993', 'NaN', 'false', undefined]],
        [['2026-01-03', undefined, '1.5', 'true', '2026-01-03 10:00:00.000']],
      ],
    );
    const progress: AthenaProgress[] = [];
    const sleeps: number[] = [];
    const result = await runAthenaQuery('SELECT 1;', {
      api: fake, workgroup: 'analysts', database: 'event_lake', outputLocation: 's3://results/',
      onProgress: (p) => progress.push(p), sleep: async (ms) => void sleeps.push(ms), pollMs: { initial: 100, max: 300 },
    });
    expect(fake.started).toEqual([{
      QueryString: 'SELECT 1', WorkGroup: 'analysts', QueryExecutionContext: { Database: 'event_lake', Catalog: 'AwsDataCatalog' },
      ResultConfiguration: { OutputLocation: 's3://results/' },
    }]);
    expect(progress.map((p) => [p.state, p.bytesScanned])).toEqual([['QUEUED', 0], ['RUNNING', 1000], ['RUNNING', 5_000_000], ['SUCCEEDED', 52_428_800]]);
    expect(sleeps).toEqual([100, 200, 300]);
    expect(fake.resultCalls.map((c) => c.NextToken)).toEqual([undefined, '1', '2']);
    expect(result.columns).toEqual(['day', 'events', 'rate', 'ok', 'at']);
    expect(result.rows).toEqual([
      { day: '2026-01-01', events: 12, rate: 0.25, ok: true, at: '2026-01-01T00:00:01.500Z' },
      { day: '2026-01-02', events: '9007199254740993', rate: Number.NaN, ok: false, at: null },
      { day: '2026-01-03', events: null, rate: 1.5, ok: true, at: '2026-01-03T10:00:00.000Z' },
    ]);
    expect(result.stats).toMatchObject({ backend: 'athena', queryExecutionId: 'qid-1', bytesScanned: 52_428_800 });
    expect(result.stats.costUsd).toBeCloseTo((50 / 1024 / 1024) * 5, 12);
  });

  it('throws a SqlExecutionError with the reason when the query FAILED', async () => {
    const fake = new FakeAthena([{ state: 'RUNNING' }, { state: 'FAILED', reason: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved" }]);
    const run = runAthenaQuery('SELECT x', { api: fake, sleep: noSleep });
    await expect(run).rejects.toThrow(SqlExecutionError);
    await expect(runAthenaQuery('SELECT x', { api: new FakeAthena([{ state: 'FAILED', reason: 'SYNTAX_ERROR: bad' }]), sleep: noSleep }))
      .rejects.toThrow(/qid-1 FAILED: SYNTAX_ERROR: bad/);
    expect(fake.resultCalls).toEqual([]);
  });

  it('throws a QueryCancelledError when the query was CANCELLED', async () => {
    const fake = new FakeAthena([{ state: 'QUEUED' }, { state: 'CANCELLED', reason: 'Query exhausted the workgroup bytes scanned limit' }]);
    await expect(runAthenaQuery('SELECT 1', { api: fake, sleep: noSleep })).rejects.toThrow(QueryCancelledError);
    await expect(runAthenaQuery('SELECT 1', { api: new FakeAthena([{ state: 'CANCELLED' }]), sleep: noSleep })).rejects.toThrow(/CANCELLED/);
  });

  it('stops the query in Athena when the caller aborts', async () => {
    const stopped: string[] = [];
    const fake = Object.assign(new FakeAthena([{ state: 'RUNNING', bytes: 10 }]), {
      stopQueryExecution: async (input: { QueryExecutionId?: string }) => void stopped.push(input.QueryExecutionId ?? ''),
    });
    const abort = new AbortController();
    let polls = 0;
    const run = runAthenaQuery('SELECT 1', {
      api: fake, signal: abort.signal,
      onProgress: () => {
        polls += 1;
        if (polls === 3) abort.abort();
      },
      sleep: noSleep,
    });
    await expect(run).rejects.toThrow(QueryCancelledError);
    expect(stopped).toEqual(['qid-1']);
    expect(polls).toBe(3);
  });

  it('turns an SDK error into a QueryError naming the call', async () => {
    const fake = new FakeAthena([{ state: 'RUNNING' }]);
    fake.getQueryExecution = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(runAthenaQuery('SELECT 1', { api: fake, sleep: noSleep })).rejects.toThrow('Athena GetQueryExecution failed: ThrottlingException: Rate exceeded');
  });

  it('keeps a first data row that merely looks like data (no header row for non-SELECT results)', async () => {
    const fake = new FakeAthena([{ state: 'SUCCEEDED' }], [[['2026-01-01', '1', '1', 'true', undefined]]]);
    const result = await runAthenaQuery('SELECT 1', { api: fake, sleep: noSleep });
    expect(result.rows).toHaveLength(1);
  });

  it('runNamedQuery binds parameters before sending the SQL to Athena', async () => {
    const fake = new FakeAthena([{ state: 'SUCCEEDED' }], [[['day', 'events', 'rate', 'ok', 'at']]]);
    const result = await runNamedQuery('event_by_id', { event_id: 'evt_1' }, { backend: 'athena', api: fake });
    expect(result.rows).toEqual([]);
    expect(fake.started[0]?.QueryString).toContain("WHERE id = 'evt_1'");
    expect(fake.started[0]?.WorkGroup).toBe('event-lake');
  });
});

describe('cost', () => {
  it('bills at least 10 MB, rounded up to whole MB, at $5 per TB', () => {
    expect(billedBytes(0)).toBe(10 * 1024 * 1024);
    expect(billedBytes(10 * 1024 * 1024 + 1)).toBe(11 * 1024 * 1024);
    expect(athenaCostUsd(1024 ** 4)).toBe(5);
    expect(athenaCostUsd(1)).toBeCloseTo((10 / 1024 / 1024) * 5, 15);
  });
});
