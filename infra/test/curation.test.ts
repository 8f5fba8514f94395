// The Curation construct on the synthesized template, in both hosting modes: the Iceberg tables' custom
// resource (the query package's DDL, partitioned by event_date), the curated bucket, the function and its
// two schedules, least-privilege grants, and the two alarms; then the bundle NodejsFunction builds, run
// as Lambda would against the Athena stand-in, to show the deployed code sends the query package's MERGE.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { athenaCurationStatements, curatedTableDdl, curationWindow, DEDUPE_VIEW } from '@event-lake/query';
import { fingerprint } from '../lib/curation.js';
import { ddlStatement, tableSetupStatements } from '../lib/curation-runtime/curation-sql.js';
import { REPO_PATHS } from '../lib/paths.js';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { startAthenaStandIn } from './athena-stand-in.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

type Statement = { Action: string | string[]; Resource: unknown };

function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const role = logicalId(template, 'AWS::IAM::Role', rolePrefix);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p['Properties']['Roles']).includes(role))
    .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
const viewSql = () => readFileSync(path.join(REPO_PATHS.athenaDir, 'views', `${DEDUPE_VIEW}.sql`), 'utf8');

describe.each(INGRESS_HOSTINGS)('Curation (ingressHosting=%s)', (ingressHosting) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ ingressHosting });
  });
  afterAll(() => built.cleanup());

  it('creates the Iceberg tables with the query package\'s DDL (partitioned by event_date) through a custom resource', () => {
    const statements = tableSetupStatements('s3://bucket/curated');
    expect(statements[0]).toBe(ddlStatement(curatedTableDdl('s3://bucket/curated')));
    expect(statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS event_lake\.stripe_events_curated \(/m);
    expect(statements[0]).toMatch(/^PARTITIONED BY \(event_date\)$/m);
    expect(statements[0]).toMatch(/'table_type' = 'ICEBERG', 'format' = 'parquet', 'write_compression' = 'zstd'/);
    const fn = logicalId(built.template, 'AWS::Lambda::Function', 'CurationTablesFunction');
    built.template.hasResourceProperties('Custom::CuratedTables', {
      ServiceToken: { 'Fn::GetAtt': [fn, 'Arn'] },
      Tables: ['stripe_events_curated', 'stripe_events_curation_pending'],
      Fingerprint: fingerprint(statements),
      ServiceTimeout: '840',
    });
    // The DDL runs in the workgroup: created before the tables.
    const tablesId = logicalId(built.template, 'Custom::CuratedTables', 'CurationTables');
    expect(built.template.findResources('Custom::CuratedTables')[tablesId]!['DependsOn']).toContain(logicalId(built.template, 'AWS::Athena::WorkGroup', 'AnalyticsWorkGroup'));
    // The location handed to the DDL is the curated bucket's curated/ prefix.
    const bucket = logicalId(built.template, 'AWS::S3::Bucket', 'CurationBucket');
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CURATED_LOCATION: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/curated']] } }) },
    });
  });

  it('keeps the tables in their own encrypted, TLS-only, private bucket, retained with the stack\'s data', () => {
    const bucket = logicalId(built.template, 'AWS::S3::Bucket', 'CurationBucket');
    const resource = built.template.findResources('AWS::S3::Bucket')[bucket]!;
    expect(resource['DeletionPolicy']).toBe('Retain');
    expect(resource['Properties']).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('runs the merge every 15 minutes and OPTIMIZE/VACUUM daily, both after the tables exist, on one function that never overlaps itself', () => {
    const fn = logicalId(built.template, 'AWS::Lambda::Function', 'CurationFunction');
    const tables = logicalId(built.template, 'Custom::CuratedTables', 'CurationTables');
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: Match.objectEquals({
          ATHENA_WORKGROUP: 'event-lake',
          ATHENA_DATABASE: Match.anyValue(),
          METRICS_NAMESPACE: 'EventLake',
          CURATED_LOCATION: Match.anyValue(),
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn }, MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900,
    });
    const schedules = built.template.findResources('AWS::Scheduler::Schedule');
    const byInput = (task: string) => Object.values(schedules).find((r) => r['Properties']['Target']['Input'] === JSON.stringify({ task }));
    const merge = byInput('merge');
    const maintain = byInput('maintain');
    expect(merge?.['Properties']).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED', Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } } });
    expect(maintain?.['Properties']).toMatchObject({ ScheduleExpression: 'cron(40 3 * * ? *)', Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] } } });
    expect(merge?.['DependsOn']).toContain(tables);
    expect(maintain?.['DependsOn']).toContain(tables);
  });

  it('grants Athena in the workgroup, Glue writes on the two curated tables only, S3 writes and deletes on curated/ only', () => {
    const statements = roleStatements(built.template, 'CurationRole');
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining([
      'athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution',
      'glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 'logs:PutLogEvents',
    ]));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('firehose:') || a.startsWith('lakeformation:') || a === 'glue:DeleteTable')).toEqual([]);

    const json = (s: Statement) => JSON.stringify(s.Resource);
    const glueWrites = statements.filter((s) => actionsOf([s]).includes('glue:UpdateTable'));
    expect(glueWrites).toHaveLength(1);
    expect(json(glueWrites[0]!)).toMatch(/table\/event_lake\/stripe_events_curated"/);
    expect(json(glueWrites[0]!)).toMatch(/table\/event_lake\/stripe_events_curation_pending"/);
    expect(json(glueWrites[0]!)).not.toMatch(/table\/event_lake\/stripe_events"/);

    const curated = logicalId(built.template, 'AWS::S3::Bucket', 'CurationBucket');
    const s3Writes = statements.filter((s) => actionsOf([s]).some((a) => a === 's3:PutObject' || a === 's3:DeleteObject'));
    const deletes = s3Writes.filter((s) => actionsOf([s]).includes('s3:DeleteObject'));
    expect(deletes).toHaveLength(1);
    expect(json(deletes[0]!)).toBe(JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [curated, 'Arn'] }, '/curated/*']] }));
    // The archive is never writable by curation: its bucket appears in reads only.
    const archive = logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket');
    expect(s3Writes.filter((s) => json(s).includes(archive))).toEqual([]);
    const athena = statements.find((s) => actionsOf([s]).includes('athena:StartQueryExecution'))!;
    expect(json(athena)).toMatch(/:workgroup\/event-lake"/);
  });

  it('alarms to the Monitoring topic when no merge succeeded for 4 intervals, and when any run fails', () => {
    const topic = logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^No successful curation merge for 4 × 15 minutes.*Runbook: docs/operations.md#curationbehind$'),
      Namespace: 'EventLake',
      MetricName: 'CurationRunSucceeded',
      Dimensions: [{ Name: 'CurationTask', Value: 'merge' }],
      Statistic: 'Sum',
      Period: 900,
      EvaluationPeriods: 4,
      DatapointsToAlarm: 4,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^A curation run .* failed.*Runbook: docs/operations.md#curationfailed$'),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(merge, 0) + FILL(maintain, 0) + FILL(errors, 0)' }),
        Match.objectLike({ Id: 'merge', MetricStat: Match.objectLike({ Metric: { Namespace: 'EventLake', MetricName: 'CurationRunFailed', Dimensions: [{ Name: 'CurationTask', Value: 'merge' }] } }) }),
        Match.objectLike({ Id: 'maintain', MetricStat: Match.objectLike({ Metric: { Namespace: 'EventLake', MetricName: 'CurationRunFailed', Dimensions: [{ Name: 'CurationTask', Value: 'maintain' }] } }) }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }) }) }),
      ]),
    });
  });
});

describe('Curation on the dashboard', () => {
  it('graphs the lag, rows written, run time and bytes scanned of the merges, and shows both alarms', () => {
    const built = buildStack();
    try {
      const body = JSON.stringify(Object.values(built.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.['Properties']['DashboardBody']);
      for (const metric of ['CurationLagSeconds', 'CurationEventsMerged', 'CurationRunDuration', 'CurationBytesScanned']) expect(body).toContain(metric);
      for (const alarm of ['CurationCurationBehind', 'CurationCurationFailed']) expect(body).toContain(logicalId(built.template, 'AWS::CloudWatch::Alarm', alarm));
    } finally {
      built.cleanup();
    }
  });
});

describe('Curation settings', () => {
  it('follows curationIntervalMinutes and curationBehindIntervals', () => {
    const built = buildStack({ curationIntervalMinutes: 60, curationBehindIntervals: 3 });
    try {
      built.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', Target: Match.objectLike({ Input: '{"task":"merge"}' }) });
      built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CurationRunSucceeded', Period: 3600, EvaluationPeriods: 3 });
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 3600 });
    } finally {
      built.cleanup();
    }
  });
});

describe('Curation off', () => {
  it('with curation off, adds none of it', () => {
    const built = buildStack({ curation: 'off' });
    try {
      expect(built.stack.curation).toBeUndefined();
      expect(Object.keys(built.template.findResources('Custom::CuratedTables'))).toEqual([]);
      for (const type of ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::S3::Bucket', 'AWS::CloudWatch::Alarm', 'AWS::Scheduler::Schedule']) {
        expect(Object.keys(built.template.findResources(type)).filter((id) => id.startsWith('Curation'))).toEqual([]);
      }
      expect(Object.keys(built.template.toJSON()['Outputs'] as object).filter((k) => k.startsWith('Curat'))).toEqual([]);
    } finally {
      built.cleanup();
    }
  });
});

describe('Curation bundle', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({}, undefined, { bundle: true });
  });
  afterAll(() => built.cleanup());

  it('bundles the handler and the view text into one ESM file that, run as Lambda runs it, sends Athena the query package\'s MERGE', async () => {
    const outdir = built.app.outdir;
    const bundles = readdirSync(outdir)
      .map((d) => path.join(outdir, d, 'index.mjs'))
      .filter((f) => existsSync(f) && readFileSync(f, 'utf8').includes('CurationRunSucceeded'));
    expect(bundles.length).toBeGreaterThanOrEqual(1);
    const code = readFileSync(bundles[0]!, 'utf8');
    // The dedupe view is in the bundle: the function reads no file at run time.
    expect(code.includes('delivery_rank')).toBe(true);

    const watermark = '2026-12-07T11:00:00.000Z';
    const standIn = await startAthenaStandIn((sql) => (sql.startsWith('SELECT max(last_received_at)') ? { rows: [{ newest_received_at: watermark }] } : {}));
    const saved = { ...process.env };
    Object.assign(process.env, {
      ATHENA_WORKGROUP: 'event-lake', ATHENA_DATABASE: 'event_lake', METRICS_NAMESPACE: 'EventLake',
      AWS_ENDPOINT_URL_ATHENA: standIn.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
    });
    const write = process.stdout.write.bind(process.stdout);
    const lines: string[] = [];
    process.stdout.write = ((chunk: string) => { lines.push(chunk); return true; }) as typeof process.stdout.write;
    try {
      const mod = (await import(pathToFileURL(bundles[0]!).href)) as { handler: (event: unknown, context: unknown) => Promise<{ window: { from: Date; to: Date } }> };
      const outcome = await mod.handler({ task: 'merge' }, { getRemainingTimeInMillis: () => 600_000 });
      const merges = standIn.queries.map((q) => q.sql).filter((s) => !s.startsWith('SELECT max'));
      expect(merges).toEqual(athenaCurationStatements(viewSql(), curationWindow(new Date(watermark), outcome.window.to)!));
      expect(lines.some((l) => l.includes('"CurationRunSucceeded":1'))).toBe(true);
    } finally {
      process.stdout.write = write;
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await standIn.close();
    }
  });
});
