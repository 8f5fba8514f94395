// The curation function's runtime against a local Athena stand-in over HTTP, through the real
// @aws-sdk/client-athena with the function's own client (timeouts that throw): what it asks Athena, in
// which order, the statements being the query package's own; the EMF metrics it writes; and how it fails
// (closed) when Athena fails, hangs, or the run outlives its deadline.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  athenaCurationStatements,
  athenaRebuildStatements,
  curatedTableDdl,
  curationWindow,
  DEDUPE_VIEW,
  pendingTableDdl,
} from '@event-lake/query';
import { createAthenaApi } from '../lib/curation-runtime/athena-client.js';
import { loadCurationConfig, type CurationConfig } from '../lib/curation-runtime/curation-config.js';
import { runCurationTask, type CurationDeps } from '../lib/curation-runtime/curation-run.js';
import { athenaCurationSql, ddlStatement } from '../lib/curation-runtime/curation-sql.js';
import { parseTask } from '../lib/curation-runtime/curation-task.js';
import { handleTablesEvent } from '../lib/curation-runtime/tables-resource.js';
import { REPO_PATHS } from '../lib/paths.js';
import { startAthenaStandIn, type AthenaStandIn, type StandInAnswer } from './athena-stand-in.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const CONFIG: CurationConfig = loadCurationConfig({
  ATHENA_WORKGROUP: 'event-lake',
  ATHENA_DATABASE: 'event_lake',
  METRICS_NAMESPACE: 'EventLake',
  ATHENA_REQUEST_TIMEOUT_MS: '2000',
});
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let viewSql: string;
beforeAll(() => {
  viewSql = readFileSync(path.join(REPO_PATHS.athenaDir, 'views', `${DEDUPE_VIEW}.sql`), 'utf8');
});

let standIn: AthenaStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

interface Run {
  readonly deps: CurationDeps;
  readonly lines: Array<Record<string, unknown>>;
}

function deps(url: string, overrides: Partial<CurationDeps> = {}, config: CurationConfig = CONFIG): Run {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    deps: {
      config,
      api: createAthenaApi({ requestTimeoutMs: config.requestTimeoutMs, endpoint: url, region: 'us-east-1', credentials: CREDENTIALS }),
      sql: athenaCurationSql(viewSql),
      now: () => NOW,
      log: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      pollMs: { initial: 5, max: 20 },
      ...overrides,
    },
  };
}

const isNewest = (sql: string) => sql.startsWith('SELECT max(last_received_at)');
const newest = (value: string | null): StandInAnswer => ({ rows: [{ newest_received_at: value }], bytesScanned: 2_000_000 });
/** The EMF line of a run: its metric definitions and values. */
const metricsOf = (line: Record<string, unknown>) => {
  const aws = line['_aws'] as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  const def = aws.CloudWatchMetrics[0]!;
  return { namespace: def.Namespace, dimensions: def.Dimensions, units: Object.fromEntries(def.Metrics.map((m) => [m.Name, m.Unit])), values: Object.fromEntries(def.Metrics.map((m) => [m.Name, line[m.Name]])) };
};

describe('curation merge', () => {
  it('reads the watermark from the curated table, then runs the query package\'s MERGE statements for the window after it', async () => {
    const watermark = '2026-12-07T11:40:00.000Z';
    let newestAsked = 0;
    standIn = await startAthenaStandIn((sql) => {
      if (isNewest(sql)) return newest(newestAsked++ < 1 ? watermark : '2026-12-07T11:58:30.000Z');
      return { updateCount: 7, bytesScanned: 30_000_000 };
    });
    const run = deps(standIn.url);
    const outcome = await runCurationTask('merge', run.deps);

    const expected = athenaCurationStatements(viewSql, curationWindow(new Date(watermark), NOW)!);
    const sqls = standIn.queries.map((q) => q.sql);
    // Watermark (recent event_date partitions first), the statements in order, the watermark again for the lag.
    expect(sqls).toEqual([expect.stringMatching(/^SELECT max\(last_received_at\)[\s\S]*WHERE event_date >= /), ...expected, expect.stringMatching(/^SELECT max/)]);
    expect(expected[0]).toMatch(/^MERGE INTO event_lake\.stripe_events_curated/);
    expect(standIn.queries.every((q) => q.workgroup === 'event-lake' && q.database === 'event_lake')).toBe(true);
    expect(outcome).toMatchObject({ task: 'merge', statements: expected.length, eventsMerged: 7, window: { from: new Date('2026-12-07T09:40:00.000Z'), to: NOW } });

    expect(run.lines).toHaveLength(1);
    const emf = metricsOf(run.lines[0]!);
    expect(emf.namespace).toBe('EventLake');
    expect(emf.dimensions).toEqual([['CurationTask']]);
    expect(run.lines[0]!['CurationTask']).toBe('merge');
    expect(emf.values).toEqual({
      CurationRunSucceeded: 1,
      CurationRunFailed: 0,
      CurationRunDuration: 0,
      CurationBytesScanned: 2_000_000 * 2 + 30_000_000 * expected.length,
      CurationEventsMerged: 7,
      CurationLagSeconds: 90,
    });
    expect(emf.units).toMatchObject({ CurationLagSeconds: 'Seconds', CurationRunDuration: 'Milliseconds', CurationBytesScanned: 'Bytes', CurationEventsMerged: 'Count' });
    expect(run.lines[0]!['message']).toMatch(/^curation merge: arrival hours 2026-12-07T09:40:00.000Z to 2026-12-07T12:00:00.000Z merged, 7 rows written/);
  });

  it('reads the whole column only when no recent event_date holds a row', async () => {
    standIn = await startAthenaStandIn((sql) => (isNewest(sql) ? newest(sql.includes('WHERE') ? null : '2026-11-01T08:00:00.000Z') : {}));
    await runCurationTask('merge', deps(standIn.url).deps);
    const watermarkQueries = standIn.queries.slice(0, 2).map((q) => q.sql);
    expect(watermarkQueries[0]).toMatch(/WHERE event_date >= date_add\('day', -3, current_date\)/);
    expect(watermarkQueries[1]).toBe('SELECT max(last_received_at) AS newest_received_at FROM event_lake.stripe_events_curated');
    expect(standIn.queries[2]!.sql).toBe(athenaCurationStatements(viewSql, curationWindow(new Date('2026-11-01T08:00:00.000Z'), NOW)!)[0]);
  });

  it('on an empty curated table runs the query package\'s rebuild over the whole archive', async () => {
    standIn = await startAthenaStandIn((sql) => (isNewest(sql) ? newest(null) : {}));
    const run = deps(standIn.url);
    const outcome = await runCurationTask('merge', run.deps);
    const sqls = standIn.queries.map((q) => q.sql).filter((s) => !isNewest(s));
    expect(sqls).toEqual(athenaRebuildStatements(viewSql));
    expect(outcome.window).toBeUndefined();
    // Athena reported no UpdateCount: the metric is left out rather than reported as 0.
    expect(metricsOf(run.lines[0]!).values).not.toHaveProperty('CurationEventsMerged');
    expect(metricsOf(run.lines[0]!).values).not.toHaveProperty('CurationLagSeconds');
  });

  it('fails closed: when the watermark cannot be read no MERGE starts, CurationRunFailed = 1 and the run throws', async () => {
    standIn = await startAthenaStandIn((sql) => (isNewest(sql) ? { fail: 'TABLE_NOT_FOUND: Table awsdatacatalog.event_lake.stripe_events_curated does not exist' } : {}));
    const run = deps(standIn.url);
    await expect(runCurationTask('merge', run.deps)).rejects.toThrow(/FAILED: TABLE_NOT_FOUND/);
    expect(standIn.queries.map((q) => q.sql).filter((s) => s.startsWith('MERGE'))).toEqual([]);
    expect(metricsOf(run.lines[0]!).values).toMatchObject({ CurationRunSucceeded: 0, CurationRunFailed: 1 });
    expect(run.lines[0]!['level']).toBe('error');
    expect(run.lines[0]!['message']).toMatch(/^curation merge failed: .*TABLE_NOT_FOUND/);
  });

  it('reports a MERGE that lost an Iceberg commit race as a failed run (the next run merges the same window again)', async () => {
    standIn = await startAthenaStandIn((sql) => (isNewest(sql) ? newest('2026-12-07T11:00:00.000Z') : sql.startsWith('MERGE') ? { fail: 'ICEBERG_COMMIT_ERROR: Failed to commit Iceberg update to table' } : {}));
    const run = deps(standIn.url);
    await expect(runCurationTask('merge', run.deps)).rejects.toThrow(/ICEBERG_COMMIT_ERROR/);
    expect(metricsOf(run.lines[0]!).values).toMatchObject({ CurationRunFailed: 1 });
  });

  it('gives up on an Athena endpoint that does not answer: the SDK call times out and throws', async () => {
    standIn = await startAthenaStandIn(() => ({}));
    standIn.hang = true;
    const config = { ...CONFIG, requestTimeoutMs: 300 };
    const run = deps(standIn.url, {}, config);
    const started = Date.now();
    await expect(runCurationTask('merge', run.deps)).rejects.toThrow(/Athena StartQueryExecution failed: TimeoutError/);
    // Three attempts of 300 ms each, plus the SDK's backoff: bounded, not forever.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(metricsOf(run.lines[0]!).values).toMatchObject({ CurationRunFailed: 1 });
  });

  it('stops the running query when the run reaches its deadline', async () => {
    standIn = await startAthenaStandIn((sql) => (isNewest(sql) ? newest('2026-12-07T11:00:00.000Z') : { running: true }));
    const run = deps(standIn.url, { signal: AbortSignal.timeout(200) });
    await expect(runCurationTask('merge', run.deps)).rejects.toThrow(/stopped on request/);
    expect(standIn.stopped).toEqual(['q-1']);
    expect(metricsOf(run.lines[0]!).values).toMatchObject({ CurationRunFailed: 1 });
  });
});

describe('curation maintain', () => {
  it('compacts (OPTIMIZE … BIN_PACK) and then expires snapshots (VACUUM) of both curated tables', async () => {
    standIn = await startAthenaStandIn(() => ({ bytesScanned: 5_000_000 }));
    const run = deps(standIn.url);
    await runCurationTask('maintain', run.deps);
    expect(standIn.queries.map((q) => q.sql)).toEqual([
      'OPTIMIZE event_lake.stripe_events_curated REWRITE DATA USING BIN_PACK',
      'OPTIMIZE event_lake.stripe_events_curation_pending REWRITE DATA USING BIN_PACK',
      'VACUUM event_lake.stripe_events_curated',
      'VACUUM event_lake.stripe_events_curation_pending',
    ]);
    expect(run.lines[0]!['CurationTask']).toBe('maintain');
    expect(metricsOf(run.lines[0]!).values).toMatchObject({ CurationRunSucceeded: 1, CurationBytesScanned: 20_000_000 });
  });
});

describe('CuratedTables custom resource', () => {
  async function responseServer() {
    const bodies: Array<Record<string, unknown>> = [];
    const headers: Array<Record<string, unknown>> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        headers.push({ method: req.method, contentType: req.headers['content-type'] });
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/presigned?X-Amz-Signature=x`;
    return { url, bodies, headers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  const event = (RequestType: 'Create' | 'Update' | 'Delete', ResponseURL: string) => ({
    RequestType, ResponseURL, StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/EventLake/1', RequestId: 'r-1', LogicalResourceId: 'CurationTables', ResourceProperties: {},
  });

  it('creates both tables with the query package\'s DDL under the location, sets their snapshot retention, and answers SUCCESS', async () => {
    standIn = await startAthenaStandIn(() => ({}));
    const cfn = await responseServer();
    try {
      const location = 's3://curated-bucket/curated';
      await handleTablesEvent(event('Create', cfn.url), () => deps(standIn!.url).deps, location, () => {});
      expect(standIn.queries.map((q) => q.sql)).toEqual([
        ddlStatement(curatedTableDdl(location)),
        ddlStatement(pendingTableDdl(location)),
        "ALTER TABLE event_lake.stripe_events_curated SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds' = '172800')",
        "ALTER TABLE event_lake.stripe_events_curation_pending SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds' = '172800')",
      ]);
      expect(standIn.queries[0]!.sql).toMatch(/^CREATE TABLE IF NOT EXISTS event_lake\.stripe_events_curated[\s\S]*PARTITIONED BY \(event_date\)[\s\S]*'table_type' = 'ICEBERG'/);
      expect(cfn.bodies).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'event-lake-curated-tables', RequestId: 'r-1', LogicalResourceId: 'CurationTables' })]);
      expect(cfn.headers[0]).toEqual({ method: 'PUT', contentType: undefined });
    } finally {
      await cfn.close();
    }
  });

  it('answers FAILED with the reason when Athena refuses the DDL, so the deployment stops with it', async () => {
    standIn = await startAthenaStandIn(() => ({ fail: 'AccessDeniedException: glue:CreateTable' }));
    const cfn = await responseServer();
    try {
      const logged: string[] = [];
      await handleTablesEvent(event('Update', cfn.url), () => deps(standIn!.url).deps, 's3://curated-bucket/curated', (line) => logged.push(line));
      expect(cfn.bodies[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^curated tables not set up: .*AccessDeniedException/) });
      expect(logged).toEqual([expect.stringMatching(/"level":"error","message":"curated tables not set up: .*AccessDeniedException/)]);
    } finally {
      await cfn.close();
    }
  });

  it('keeps the tables on Delete (runs nothing) and answers SUCCESS', async () => {
    standIn = await startAthenaStandIn(() => ({}));
    const cfn = await responseServer();
    try {
      await handleTablesEvent(event('Delete', cfn.url), () => deps(standIn!.url).deps, 's3://curated-bucket/curated', () => {});
      expect(standIn.queries).toEqual([]);
      expect(cfn.bodies[0]).toMatchObject({ Status: 'SUCCESS' });
    } finally {
      await cfn.close();
    }
  });
});

describe('curation configuration and events', () => {
  it('names the missing variable', () => {
    expect(() => loadCurationConfig({ ATHENA_DATABASE: 'event_lake', METRICS_NAMESPACE: 'EventLake' })).toThrow(/^ATHENA_WORKGROUP is required/);
    expect(() => loadCurationConfig({ ATHENA_WORKGROUP: 'w', ATHENA_DATABASE: 'd', METRICS_NAMESPACE: 'n', ATHENA_REQUEST_TIMEOUT_MS: '0' })).toThrow(/^ATHENA_REQUEST_TIMEOUT_MS must be a whole number from 100/);
  });

  it('takes {"task": "merge" | "maintain"} and refuses anything else', () => {
    expect(parseTask({ task: 'merge' })).toBe('merge');
    expect(parseTask({ task: 'maintain' })).toBe('maintain');
    expect(() => parseTask({ task: 'drop' })).toThrow('curation: the event must be {"task": "merge" | "maintain"}, got {"task":"drop"}');
    expect(() => parseTask({})).toThrow(/got \{\}/);
  });
});
