// `--backend athena` at the SDK seam: a fake Athena (the three calls the query layer makes) that runs the
// SQL it is given on DuckDB over the test lake, partition columns included, and answers in Athena's
// shape (every value a VarCharValue, types in ColumnInfo). So the test sees what Athena would be asked,
// and that pruning arrival partitions by the window plus the slack selects what it should.
import { describe, expect, it } from '@jest/globals';
import { openLocalBackend, type AthenaApi, type QueryResult } from '@event-lake/query';
import { runReplayCli } from '../src/run-cli.js';
import { selectEvents } from '../src/select-events.js';
import { parseSelection } from '../src/selection.js';
import { sendable, useReplayLake } from './lake-fixture.js';

// The SDK's types, through the query layer's seam (this package does not depend on the SDK itself).
type StartQueryExecutionCommandInput = Parameters<AthenaApi['startQueryExecution']>[0];
type GetQueryExecutionCommandOutput = Awaited<ReturnType<AthenaApi['getQueryExecution']>>;
type GetQueryResultsCommandInput = Parameters<AthenaApi['getQueryResults']>[0];
type GetQueryResultsCommandOutput = Awaited<ReturnType<AthenaApi['getQueryResults']>>;

class DuckDbBackedAthena implements AthenaApi {
  readonly started: StartQueryExecutionCommandInput[] = [];
  private result: QueryResult | undefined;
  constructor(private readonly lakeDir: string) {}
  async startQueryExecution(input: StartQueryExecutionCommandInput) {
    this.started.push(input);
    const local = await openLocalBackend({ lakeDir: this.lakeDir });
    try {
      this.result = await local.run(input.QueryString ?? '');
    } finally {
      local.close();
    }
    return { QueryExecutionId: `q-${this.started.length}`, $metadata: {} };
  }
  async getQueryExecution(): Promise<GetQueryExecutionCommandOutput> {
    return { $metadata: {}, QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 123 * 1024 * 1024 } } };
  }
  async getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput> {
    const { columns, rows } = this.result!;
    const typeOf = (c: string) => {
      const v = rows.find((r) => r[c] !== null)?.[c];
      return typeof v === 'number' ? 'integer' : typeof v === 'boolean' ? 'boolean' : 'varchar';
    };
    const pageSize = 100; // several pages, as Athena pages at 1,000
    const page = input.NextToken ? Number(input.NextToken) : 0;
    const header = page === 0 ? [{ Data: columns.map((c) => ({ VarCharValue: c })) }] : [];
    const slice = rows.slice(page * pageSize, (page + 1) * pageSize);
    return {
      $metadata: {},
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c, Label: c, Type: typeOf(c) })) },
        Rows: [...header, ...slice.map((r) => ({ Data: columns.map((c) => (r[c] === null ? {} : { VarCharValue: String(r[c]) })) }))],
      },
      ...((page + 1) * pageSize < rows.length ? { NextToken: String(page + 1) } : {}),
    };
  }
}

const fx = useReplayLake();

async function dryRun(args: string[], athena: AthenaApi) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReplayCli(
    ['--backend', 'athena', '--dry-run', '--format', 'json', ...args],
    { ATHENA_WORKGROUP: 'replays', AWS_REGION: 'eu-west-1' },
    { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stderrIsTTY: false },
    { cwd: fx.lakeDir, athenaApi: athena },
  );
  return { code, report: JSON.parse(out.join('')) as { selected: number; types: Record<string, number> }, stderr: err.join('') };
}

const window = { since: '2026-03-02', until: '2026-03-03T12:00:00Z' };
const inWindow = () => sendable(fx.lake).filter((e) => e.created >= '2026-03-02' && e.created < '2026-03-03T12:00:00.000Z');

describe('replay --backend athena', () => {
  it('scans only the arrival partitions from the window start (less an hour) to its end plus 3 days', async () => {
    const athena = new DuckDbBackedAthena(fx.lakeDir);
    const { code, report, stderr } = await dryRun(['--since', window.since, '--until', window.until], athena);
    expect(code).toBe(0);
    const sql = athena.started[0]!.QueryString!;
    expect(athena.started[0]!.WorkGroup).toBe('replays');
    expect(sql).toContain(`dt >= '2026-03-01'`);
    expect(sql).toContain(`concat(dt, ' ', hour) >= '2026-03-01 23'`);
    expect(sql).toContain(`dt <= '2026-03-06'`);
    expect(sql).toContain(`concat(dt, ' ', hour) <= '2026-03-06 12'`);
    // Deliveries five days late lie beyond the default slack; backfills two days late do not.
    const want = inWindow();
    const late = want.filter((e) => e.kind === 'late-webhook');
    expect(late.length).toBeGreaterThan(0);
    expect(want.some((e) => e.kind === 'backfill-only')).toBe(true);
    expect(report.selected).toBe(want.length - late.length);
    expect(stderr).toMatch(/cost \$0\.000\d+ \(10 MB minimum\)/);
  });

  it('finds the late deliveries too when the slack is widened, as the local backend does', async () => {
    const athena = new DuckDbBackedAthena(fx.lakeDir);
    const { report } = await dryRun(['--since', window.since, '--until', window.until, '--athena-slack-days', '6'], athena);
    expect(athena.started[0]!.QueryString).toContain(`concat(dt, ' ', hour) <= '2026-03-09 12'`);
    expect(report.selected).toBe(inWindow().length);
  });

  it('scans every partition for an id-only selection, and the bytes survive Athena’s text results', async () => {
    const athena = new DuckDbBackedAthena(fx.lakeDir);
    const picks = [fx.lake.find((e) => e.kind === 'split-webhook')!, fx.lake.find((e) => e.expected?.includes('😀'))!, fx.lake.find((e) => e.object === 'v2.core.event')!];
    const { events } = await selectEvents(parseSelection({ types: [], ids: picks.map((e) => e.id) }), { backend: 'athena', slackDays: 3, api: athena });
    expect(athena.started[0]!.QueryString).not.toContain('dt >=');
    expect(events.map((e) => [e.id, e.body.toString('utf8')])).toEqual(
      [...picks].sort((a, b) => (a.created < b.created ? -1 : 1)).map((e) => [e.id, e.expected]),
    );
  });
});
