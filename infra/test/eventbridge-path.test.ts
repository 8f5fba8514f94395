// The EventBridge path in the synthesised template: present with the eventBridgeSourceName setting (bus,
// rule, encrypted queues, consumer, alarm, least-privilege role, batching settings, cdk-nag clean), and
// none of it without.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Match } from 'aws-cdk-lib/assertions';
import { createFirehoseLocal, readDeliveredLines } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { eventBridgeEnvelope, sampleEvents } from '@event-lake/stripe-samples';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONSUMER_TIMEOUT, MAX_RECEIVE_COUNT } from '../lib/eventbridge-path.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const SOURCE = 'aws.partner/stripe.com/ed_test_61Tw6AOzu6iJQhjyn16Tw5y8SfCQEXXHewXuBVM88FuC';

const EVENTBRIDGE_TYPES = [
  'AWS::Events::EventBus', 'AWS::Events::Rule', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::CloudWatch::Alarm',
] as const;

describe('EventBridge path with eventBridgeSourceName', () => {
  let built: BuiltStack;
  const id = (type: string, prefix: string) => logicalId(built.template, type, prefix);
  beforeAll(() => {
    built = buildStack({ eventBridgeSourceName: SOURCE, alarmEmail: 'ops@example.com' }, undefined, { bundle: true });
  });
  afterAll(() => built.cleanup());

  it('creates the partner event bus for the Stripe source and a rule that sends its events to the queue', () => {
    built.template.hasResourceProperties('AWS::Events::EventBus', { Name: SOURCE, EventSourceName: SOURCE });
    built.template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: id('AWS::Events::EventBus', 'EventBridgeBus') },
      EventPattern: { source: [SOURCE] },
      State: 'ENABLED',
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeQueue'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeDeadLetters'), 'Arn'] } },
      })],
    });
  });

  it('encrypts both queues, refuses plain HTTP, and moves a message to the DLQ after a few receives', () => {
    const queues = built.template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) {
      expect(queue['Properties']).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    }
    built.template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: CONSUMER_TIMEOUT.toSeconds() * 6,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeDeadLetters'), 'Arn'] }, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    for (const policy of Object.values(built.template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('alarms to the stack topic as soon as one message is in the DLQ', () => {
    const topic = { Ref: id('AWS::SNS::Topic', 'MonitoringAlarmTopic') };
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeDeadLetters'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });

  it('polls the queue in batches with a batching window and reports partial batch failures', () => {
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeQueue'), 'Arn'] },
      FunctionName: { Ref: id('AWS::Lambda::Function', 'EventBridgeFunction') },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs the bundled consumer on Node 22+ with the stream and source it must accept', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Handler: 'index.handler',
      Runtime: Match.stringLikeRegexp('^nodejs(2[2-9]|[3-9]\\d)\\.x$'),
      Timeout: CONSUMER_TIMEOUT.toSeconds(),
      Role: { 'Fn::GetAtt': [id('AWS::IAM::Role', 'EventBridgeRole'), 'Arn'] },
      Environment: { Variables: Match.objectLike({
        FIREHOSE_DELIVERY_STREAM_NAME: { Ref: id('AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') },
        EVENTBRIDGE_SOURCE_NAME: SOURCE,
      }) },
    });
  });

  it('gives the consumer exactly: its log group, PutRecordBatch on the stream, and the queue actions', () => {
    const role = id('AWS::IAM::Role', 'EventBridgeRole');
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p['Properties']['Roles']) === JSON.stringify([{ Ref: role }]));
    expect(policies).toHaveLength(1);
    const statements = policies[0]!['Properties']['PolicyDocument']['Statement'] as Array<{ Action: string | string[]; Resource: unknown; Effect: string }>;
    const actions = (s: { Action: string | string[] }) => [s.Action].flat().sort();
    expect(statements.map((s) => [actions(s), s.Resource])).toEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [id('AWS::Logs::LogGroup', 'EventBridgeLogs'), 'Arn'] }],
      [['firehose:PutRecordBatch'], { 'Fn::GetAtt': [id('AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream'), 'Arn'] }],
      [['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], { 'Fn::GetAtt': [id('AWS::SQS::Queue', 'EventBridgeQueue'), 'Arn'] }],
    ]);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    const roleResource = built.template.findResources('AWS::IAM::Role')[role]!;
    expect(roleResource['Properties']['ManagedPolicyArns']).toBeUndefined();
  });

  it('outputs the bus name and the DLQ URL', () => {
    const outputs = built.template.toJSON()['Outputs'] as Record<string, unknown>;
    expect(Object.keys(outputs).filter((k) => k.startsWith('EventBridge')).sort()).toEqual(['EventBridgeBusName', 'EventBridgeDeadLetterQueueUrl']);
  });

  it('bundles a consumer that runs: the synthesised index.mjs archives an SQS batch into firehose-local', async () => {
    const code = built.template.findResources('AWS::Lambda::Function')[id('AWS::Lambda::Function', 'EventBridgeFunction')]!['Properties']['Code'];
    const bundle = path.join(built.app.outdir, `asset.${String(code['S3Key']).replace(/\.zip$/, '')}`, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    const lakeDir = await mkdtemp(path.join(tmpdir(), 'eventbridge-bundle-'));
    const firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900 });
    try {
      const { url } = await firehose.listen(0, '127.0.0.1');
      const events = sampleEvents(3);
      const records = [...events.map((e) => eventBridgeEnvelope(e.body, { source: SOURCE })), '{"not":"an envelope"}']
        .map((body) => ({ messageId: randomUUID(), body, attributes: { SentTimestamp: String(Date.now()), ApproximateReceiveCount: '1' } }));
      // The bundle's path comes by environment, not argv[1]: in Lambda argv[1] is the runtime's own entry, and
      // the bundled ingress module starts a server when argv[1] names the file it was bundled into.
      const run = 'const { handler } = await import(process.env.BUNDLE);'
        + 'const out = await handler(JSON.parse(process.argv[1]), { getRemainingTimeInMillis: () => 30000 });'
        + 'process.stderr.write(JSON.stringify(out)); process.exit(0);';
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', run, JSON.stringify({ Records: records })], {
        env: { PATH: process.env['PATH'], NODE_NO_WARNINGS: '1', BUNDLE: bundle, AWS_ENDPOINT_URL_FIREHOSE: url, EVENTBRIDGE_SOURCE_NAME: SOURCE, FIREHOSE_DELIVERY_STREAM_NAME: 'event-lake-stripe-events' },
        timeout: 60_000,
      });
      // stdout: the consumer's pino lines; stderr: the handler's answer.
      expect(JSON.parse(stderr)).toEqual({ batchItemFailures: [{ itemIdentifier: records[3]!.messageId }] });
      const logLines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logLines).toContainEqual(expect.objectContaining({ service: 'eventbridge-consumer', messageId: records[3]!.messageId, msg: 'malformed envelope, not archived' }));
      await firehose.flush();
      const lines = (await readDeliveredLines(lakeDir)).map((l) => parseArchiveLine(l));
      expect(lines.map((l) => [l.id, l.source]).sort()).toEqual(events.map((e) => [e.id, 'eventbridge']).sort());
    } finally {
      await firehose.close();
      await rm(lakeDir, { recursive: true, force: true });
    }
  });

  it('reports no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('without eventBridgeSourceName', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack();
  });
  afterAll(() => built.cleanup());

  it('has none of the EventBridge path: no bus, queue or event source mapping at all', () => {
    for (const type of ['AWS::Events::EventBus', 'AWS::SQS::Queue', 'AWS::Lambda::EventSourceMapping']) built.template.resourceCountIs(type, 0);
    for (const type of EVENTBRIDGE_TYPES) {
      expect(Object.keys(built.template.findResources(type)).filter((k) => k.startsWith('EventBridge'))).toEqual([]);
    }
    expect(Object.keys(built.template.toJSON()['Outputs'] as object).filter((k) => k.startsWith('EventBridge'))).toEqual([]);
    expect(built.stack.eventBridge).toBeUndefined();
  });
});
