// The daily audit construct, asserted on the synthesized template: the schedule, the function and its
// environment, the least-privilege role, the secret and the alarms to the stack's topic; and the Lambda
// bundle NodejsFunction builds with the local esbuild (no Docker), loaded in Node to show it starts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

type Statement = { Action: string | string[]; Resource: unknown };

/** Every statement of the policies attached to the audit's role. */
function auditRoleStatements(template: Template): Statement[] {
  const role = logicalId(template, 'AWS::IAM::Role', 'DailyAuditRole');
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p['Properties']['Roles']).includes(role))
    .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('DailyAudit with the default settings', () => {
  let built: BuiltStack;
  beforeAll(() => {
    // Without curation, whose function is the stack's other NodejsFunction bundle (curation.test.ts).
    built = buildStack({ curation: 'off' }, undefined, { bundle: true });
  });
  afterAll(() => built.cleanup());

  it('schedules the function once a day with EventBridge Scheduler', () => {
    const fn = logicalId(built.template, 'AWS::Lambda::Function', 'DailyAuditFunction');
    built.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 } },
    });
  });

  it('runs the audit on Node.js 24 with the stack\'s workgroup, buffer interval and metric namespace, backfill off', () => {
    const secret = logicalId(built.template, 'AWS::SecretsManager::Secret', 'DailyAuditStripeApiKey');
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 900,
      Environment: {
        Variables: Match.objectEquals({
          STRIPE_API_KEY_SECRET_ARN: { Ref: secret },
          ATHENA_WORKGROUP: 'event-lake',
          ATHENA_DATABASE: Match.anyValue(),
          FIREHOSE_BUFFER_INTERVAL_SECONDS: '300',
          AUDIT_DAYS: '3',
          AUTO_BACKFILL: 'off',
          METRICS_NAMESPACE: 'EventLake',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('keeps the Stripe key in its own secret, created with a generated value that is not a key', () => {
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('daily audit'),
      GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true },
    });
  });

  it('grants the role the workgroup, Glue read, archive read, results write and its secret; no stream without autoBackfill', () => {
    const statements = auditRoleStatements(built.template);
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining([
      'athena:StartQueryExecution', 'athena:GetQueryResults', 'glue:GetTable', 'glue:GetPartitions', 's3:GetObject', 's3:PutObject',
      'secretsmanager:GetSecretValue', 'logs:PutLogEvents',
    ]));
    expect(actions.filter((a) => a.startsWith('firehose:'))).toEqual([]);
    expect(actions.filter((a) => a.endsWith('*') && !a.startsWith('s3:'))).toEqual([]);
    const athena = statements.find((s) => actionsOf([s]).includes('athena:StartQueryExecution'))!;
    expect(JSON.stringify(athena.Resource)).toMatch(/:workgroup\/event-lake"/);
    const writes = statements.filter((s) => actionsOf([s]).includes('s3:PutObject'));
    const results = logicalId(built.template, 'AWS::S3::Bucket', 'AnalyticsResultsBucket');
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0]!.Resource)).toContain(results);
    expect(actions.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  /** One metric of an alarm's math expression, by id. */
  const emfMetric = (id: string, name: string, dimension: string, value: string) => Match.objectLike({
    Id: id,
    MetricStat: Match.objectLike({ Metric: { Namespace: 'EventLake', MetricName: name, Dimensions: [{ Name: dimension, Value: value }] } }),
  });

  it('alarms to the Monitoring topic on missing + incomplete > 0 and on runs that could not audit', () => {
    const topic = logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('missing from the lake or only partly there'),
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(mv1, 0) + FILL(mv2, 0) + FILL(iv1, 0) + FILL(iv2, 0)' }),
        emfMetric('mv1', 'AuditMissingEvents', 'Kind', 'v1'),
        emfMetric('mv2', 'AuditMissingEvents', 'Kind', 'v2'),
        emfMetric('iv1', 'AuditIncompleteEvents', 'Kind', 'v1'),
        emfMetric('iv2', 'AuditIncompleteEvents', 'Kind', 'v2'),
      ]),
    });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('holds no live key yet .*, or the run failed'),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [{ Ref: topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(nc, 0) + FILL(failed, 0) + FILL(errors, 0)' }),
        emfMetric('nc', 'AuditNotConfigured', 'Audit', 'daily'),
        emfMetric('failed', 'AuditFailed', 'Audit', 'daily'),
      ]),
    });
  });

  it('has a heartbeat: alarms when no run reported AuditSucceeded for 13 periods of 2 h, missing data breaching', () => {
    const topic = logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('No daily audit run has succeeded for 26 hours'),
      Namespace: 'EventLake',
      MetricName: 'AuditSucceeded',
      Dimensions: [{ Name: 'Audit', Value: 'daily' }],
      Statistic: 'Sum',
      Period: 7200,
      EvaluationPeriods: 13,
      DatapointsToAlarm: 13,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
  });

  it('outputs the secret to fill in', () => {
    built.template.hasOutput('DailyAuditApiKeySecretArn', Match.anyValue());
  });

  it('bundles the handler with the local esbuild into one ESM file that loads without DuckDB', async () => {
    const outdir = built.app.outdir;
    const bundles = readdirSync(outdir).filter((d) => d.startsWith('asset.') && existsSync(path.join(outdir, d, 'index.mjs')));
    expect(bundles).toHaveLength(1);
    const mod = (await import(pathToFileURL(path.join(outdir, bundles[0]!, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof mod.handler).toBe('function');
  });
});

describe('DailyAudit settings', () => {
  it('with autoBackfill on, may put records into the stream and is told which one', () => {
    const built = buildStack({ dailyAuditAutoBackfill: 'on', dailyAuditDays: 7, dailyAuditHourUtc: 2 });
    try {
      const actions = actionsOf(auditRoleStatements(built.template));
      expect(actions.filter((a) => a.startsWith('firehose:'))).toEqual(['firehose:PutRecordBatch']);
      built.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ AUTO_BACKFILL: 'on', AUDIT_DAYS: '7', FIREHOSE_DELIVERY_STREAM_NAME: { Ref: logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') } }) },
      });
      built.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 2 * * ? *)' });
    } finally {
      built.cleanup();
    }
  });

  it('with dailyAudit off, adds none of it', () => {
    const built = buildStack({ dailyAudit: 'off', curation: 'off' });
    try {
      built.template.resourceCountIs('AWS::Scheduler::Schedule', 0);
      expect(Object.keys(built.template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('DailyAudit'))).toEqual([]);
      expect(built.stack.dailyAudit).toBeUndefined();
    } finally {
      built.cleanup();
    }
  });
});
