// One run of the curation function, either task:
// - merge: brings stripe_events_curated up to date with the raw partitions that arrived since the newest
//   curated arrival (minus a slack), with the query package's MERGE;
// - maintain: compacts (OPTIMIZE … BIN_PACK) and expires old snapshots and orphan files (VACUUM).
//
// The watermark is the table itself: the newest received_at in stripe_events_curated, read at the start
// of every run. It commits atomically with the rows (it is the rows), survives anything that keeps the
// table, and moves back on its own after a rebuild or a restore. There is no second copy to drift.
// Idempotent: the MERGE applies the one dedupe rule, so merging a window again, or two runs merging
// overlapping windows, gives the same table. Two MERGEs committing at once conflict in Iceberg's optimistic
// commit and one fails (ICEBERG_COMMIT_ERROR) without writing; the function's reserved concurrency of 1
// keeps scheduled runs from overlapping at all. Fails closed: if the watermark cannot be read the run
// merges nothing, reports CurationRunFailed = 1 and throws (the Lambda error alarms too).
import { runAthenaQuery, type AthenaApi, type QueryResult, type RawWindow } from '@event-lake/query';
import type { CurationConfig } from './curation-config.js';
import { CURATION_METRICS, type CurationMetric, type CurationTask } from './curation-metrics.js';

/** The SQL the runs execute; curation-sql.ts takes every statement it can from the query package. */
export interface CurationSql {
  /** One row, one column: the newest last_received_at in the curated table (NULL when empty); `recentDays` prunes by event_date. */
  newestArrivalSql(recentDays: number | undefined): string;
  /** The window after `watermark` (with the slack) and its MERGE statements; no watermark: the rebuild statements. */
  mergeStatements(watermark: Date | undefined, now: Date): { readonly window: RawWindow | undefined; readonly statements: string[] };
  /** Whether a statement writes the curated events table (its UpdateCount counts as events merged). */
  mergesEvents(sql: string): boolean;
  maintenanceStatements(): string[];
  /** CREATE TABLE IF NOT EXISTS of the curated tables under `location` (s3://…), and their retention. */
  tableSetupStatements(location: string): string[];
}

export interface CurationDeps {
  readonly config: CurationConfig;
  readonly api: AthenaApi;
  readonly sql: CurationSql;
  readonly now: () => Date;
  /** One log line (stdout in Lambda: CloudWatch Logs extracts the EMF metrics). */
  readonly log: (line: string) => void;
  /** Aborted shortly before Lambda's deadline: the running query is stopped (StopQueryExecution). */
  readonly signal?: AbortSignal;
  readonly pollMs?: { readonly initial: number; readonly max: number };
}

export interface CurationOutcome {
  readonly task: CurationTask;
  readonly statements: number;
  readonly bytesScanned: number;
  /** merge only; undefined when the table was empty and the run rebuilt it from the whole archive. */
  readonly window?: RawWindow | undefined;
  readonly eventsMerged?: number;
  readonly newestArrival?: Date | undefined;
}

/**
 * Most curated rows' newest arrival is among recently created events: reading only their event_date
 * partitions keeps the watermark query small on a large table. When none is recent (a quiet lake, or an
 * empty table) the whole column is read once.
 */
const RECENT_EVENT_DAYS = 3;

export async function runCurationTask(task: CurationTask, deps: CurationDeps): Promise<CurationOutcome> {
  const started = deps.now();
  const emit = (metrics: Partial<Record<CurationMetric, number>>, fields: Record<string, unknown>) => deps.log(CURATION_METRICS.line({
    namespace: deps.config.metricsNamespace,
    dimensionValue: task,
    metrics,
    at: deps.now(),
    fields,
  }));
  try {
    const outcome = task === 'merge' ? await merge(deps) : await maintain(deps);
    const end = deps.now();
    emit({
      CurationRunSucceeded: 1,
      CurationRunFailed: 0,
      CurationRunDuration: end.getTime() - started.getTime(),
      CurationBytesScanned: outcome.bytesScanned,
      CurationEventsMerged: outcome.eventsMerged,
      CurationLagSeconds: outcome.newestArrival ? Math.max(0, (end.getTime() - outcome.newestArrival.getTime()) / 1000) : undefined,
    }, { level: 'info', message: summary(outcome), ...details(outcome) });
    return outcome;
  } catch (err) {
    emit({
      CurationRunSucceeded: 0,
      CurationRunFailed: 1,
      CurationRunDuration: deps.now().getTime() - started.getTime(),
    }, { level: 'error', message: `curation ${task} failed: ${err instanceof Error ? err.message : String(err)}` });
    throw err;
  }
}

/** Runs statements in order on Athena; the UpdateCount Athena reports for those `counted` is summed. */
async function runStatements(
  deps: CurationDeps, statements: readonly string[], counted: (sql: string) => boolean = () => false,
): Promise<{ bytesScanned: number; updateCount: number | undefined }> {
  let bytesScanned = 0;
  let updateCount: number | undefined;
  for (const sql of statements) {
    let reported: number | undefined;
    // runAthenaQuery returns rows; a DML statement's row count is in GetQueryResults' UpdateCount.
    const api: AthenaApi = {
      ...deps.api,
      getQueryResults: async (input) => {
        const page = await deps.api.getQueryResults(input);
        if (page.UpdateCount !== undefined) reported = page.UpdateCount;
        return page;
      },
    };
    const result = await query(deps, api, sql);
    bytesScanned += result.stats.bytesScanned ?? 0;
    if (reported !== undefined && counted(sql)) updateCount = (updateCount ?? 0) + reported;
  }
  return { bytesScanned, updateCount };
}

function query(deps: CurationDeps, api: AthenaApi, sql: string): Promise<QueryResult> {
  return runAthenaQuery(sql, {
    api,
    workgroup: deps.config.workgroup,
    database: deps.config.database,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
  });
}

async function newestArrival(deps: CurationDeps): Promise<{ at: Date | undefined; bytesScanned: number }> {
  let bytesScanned = 0;
  for (const days of [RECENT_EVENT_DAYS, undefined]) {
    const result = await query(deps, deps.api, deps.sql.newestArrivalSql(days));
    bytesScanned += result.stats.bytesScanned ?? 0;
    const row = result.rows[0];
    const value = row ? Object.values(row)[0] : undefined;
    if (value === null || value === undefined) continue;
    const at = new Date(value instanceof Date ? value.getTime() : String(value));
    if (Number.isNaN(at.getTime())) throw new Error(`the newest curated received_at is not a time: ${JSON.stringify(value)}`);
    return { at, bytesScanned };
  }
  return { at: undefined, bytesScanned };
}

async function merge(deps: CurationDeps): Promise<CurationOutcome> {
  const before = await newestArrival(deps);
  const { window, statements } = deps.sql.mergeStatements(before.at, deps.now());
  const merged = await runStatements(deps, statements, (sql) => deps.sql.mergesEvents(sql));
  const after = await newestArrival(deps);
  return {
    task: 'merge',
    statements: statements.length,
    bytesScanned: before.bytesScanned + merged.bytesScanned + after.bytesScanned,
    window,
    ...(merged.updateCount !== undefined ? { eventsMerged: merged.updateCount } : {}),
    newestArrival: after.at,
  };
}

async function maintain(deps: CurationDeps): Promise<CurationOutcome> {
  const statements = deps.sql.maintenanceStatements();
  const done = await runStatements(deps, statements);
  return { task: 'maintain', statements: statements.length, bytesScanned: done.bytesScanned };
}

function summary(o: CurationOutcome): string {
  if (o.task === 'maintain') return `curation maintain: ${o.statements} statements (compaction, snapshot expiry) done`;
  const from = o.window ? `arrival hours ${o.window.from.toISOString()} to ${o.window.to.toISOString()}` : 'the whole archive (the curated table was empty)';
  const rows = o.eventsMerged === undefined ? 'rows written not reported by Athena' : `${o.eventsMerged} rows written`;
  return `curation merge: ${from} merged, ${rows}; newest curated arrival ${o.newestArrival?.toISOString() ?? 'none'}`;
}

function details(o: CurationOutcome): Record<string, unknown> {
  return o.task === 'merge'
    ? { window: o.window ? { from: o.window.from.toISOString(), to: o.window.to.toISOString() } : 'rebuild' }
    : {};
}

/** The CuratedTables custom resource: creates the tables if missing (nothing else: a schema change is a rebuild). */
export async function setUpTables(location: string, deps: CurationDeps): Promise<{ statements: number }> {
  const statements = deps.sql.tableSetupStatements(location);
  await runStatements(deps, statements);
  deps.log(JSON.stringify({ level: 'info', message: `curated tables set up under ${location}: ${statements.length} statements` }));
  return { statements: statements.length };
}
