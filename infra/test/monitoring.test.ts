import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { PERMANENT_REFUSAL_CODES, SIGNATURE_FAILURES } from '@event-lake/lake-format';
import { ANONYMOUS_PERMANENT_REFUSALS_METRIC, METRIC_NAMESPACE, PERMANENT_REFUSALS_METRIC, SIGNATURE_FAILURES_METRIC } from '../lib/monitoring.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const settings = {
  bufferIntervalSeconds: 60,
  freshnessMarginSeconds: 240,
  quotaAlarmRatio: 0.5,
  noEventsAlarmHours: 12,
  signatureFailureThreshold: 3,
  permanentRefusalThreshold: 2,
  alarmEmail: 'ops@example.com',
  deliveryStreamName: 'monitored-stream',
  // Monitoring's own alarms only; the daily audit's two are asserted in daily-audit.test.ts.
  dailyAudit: 'off',
  // Nor curation's two (curation.test.ts).
  curation: 'off',
  ingressHosting: 'function-url',
} as const;

/** Ingress5xx in either hosting mode: any 5xx in two consecutive 5-minute periods. */
const INGRESS_5XX_ALARM = { Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 2, DatapointsToAlarm: 2 };

describe('alarms, topic and dashboard', () => {
  let built: BuiltStack;
  let topicRef: { Ref: string };
  beforeAll(() => {
    built = buildStack(settings);
    topicRef = { Ref: logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic') };
  });
  afterAll(() => built.cleanup());

  const streamDimension = () => [{ Name: 'DeliveryStreamName', Value: { Ref: logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') } }];
  const expectAlarm = (properties: Record<string, unknown>) =>
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...properties, AlarmActions: [topicRef], OKActions: [topicRef] });

  /** The filter pattern of the metric filter feeding a metric. */
  const filterPattern = (metricName: string): string => {
    const filter = Object.values(built.template.findResources('AWS::Logs::MetricFilter'))
      .find((f) => f['Properties']['MetricTransformations'][0]['MetricName'] === metricName);
    return String(filter?.['Properties']['FilterPattern']);
  };
  /** The `$.code` values a metric filter counts. */
  const filteredCodes = (metricName: string): string[] =>
    [...filterPattern(metricName).matchAll(/\(\$\.code = "([a-z0-9_]+)"\)/g)].map((m) => m[1]!).sort();

  it('has eleven alarms, each notifying the topic', () => {
    built.template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    for (const alarm of Object.values(built.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm['Properties']['AlarmActions']).toEqual([topicRef]);
    }
  });

  it('DataFreshness above buffer interval plus margin', () => {
    expectAlarm({
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.DataFreshness',
      Dimensions: streamDimension(),
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('DeliveryToS3.Success below 1 for 15 minutes', () => {
    expectAlarm({
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.Success',
      Dimensions: streamDimension(),
      Statistic: 'Minimum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  it('ThrottledRecords above 0', () => {
    expectAlarm({
      Namespace: 'AWS/Firehose',
      MetricName: 'ThrottledRecords',
      Dimensions: streamDimension(),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('quota early warnings at quotaAlarmRatio of the stream\'s own limits (stream-quota-alarms.test.ts has the details)', () => {
    for (const id of ['IncomingBytesNearQuota', 'IncomingPutRequestsNearQuota', 'IncomingRecordsNearQuota']) {
      expectAlarm({ AlarmDescription: Match.stringLikeRegexp(`#${id.toLowerCase()}$`), Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('no events: IncomingRecords sum 0 over the configured hours, missing data breaching', () => {
    expectAlarm({
      MetricName: 'IncomingRecords',
      Dimensions: streamDimension(),
      Statistic: 'Sum',
      Period: 12 * 3600,
      Threshold: 0,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('ingress 5xx answers from the Function URL in two consecutive periods', () => {
    expectAlarm({
      Namespace: 'AWS/Lambda',
      MetricName: 'Url5xxCount',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(built.template, 'AWS::Lambda::Function', 'IngressFunction') } }],
      ...INGRESS_5XX_ALARM,
    });
  });

  it('ingress throttles above 0', () => {
    expectAlarm({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(built.template, 'AWS::Lambda::Function', 'IngressFunction') } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('signature failures counted from the ingress log lines, alarm at the threshold', () => {
    built.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs') },
      MetricTransformations: [{ MetricNamespace: METRIC_NAMESPACE, MetricName: SIGNATURE_FAILURES_METRIC, MetricValue: '1', DefaultValue: 0 }],
    });
    expect(filteredCodes(SIGNATURE_FAILURES_METRIC)).toEqual([...SIGNATURE_FAILURES].sort());
    expectAlarm({
      Namespace: METRIC_NAMESPACE,
      MetricName: SIGNATURE_FAILURES_METRIC,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('permanent refusals of requests with a parseable Stripe-Signature feed the alarm; anonymous ones are counted apart, with no alarm (issue #19 item 5)', () => {
    // The ingress logs `signed: true|false` on every webhook line (packages/ingress/test/permanent-refusals.test.ts).
    const codes = '(($.code = "not_a_stripe_event") || ($.code = "invalid_json") || ($.code = "payload_too_large") || ($.code = "unsupported_media_type"))';
    expect(filterPattern(PERMANENT_REFUSALS_METRIC)).toBe(`{ ${codes} && ($.signed IS TRUE) }`);
    expect(filterPattern(ANONYMOUS_PERMANENT_REFUSALS_METRIC)).toBe(`{ ${codes} && ($.signed IS FALSE) }`);
    expect(filteredCodes(ANONYMOUS_PERMANENT_REFUSALS_METRIC)).toEqual([...PERMANENT_REFUSAL_CODES].sort());
    const alarmed = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a['Properties']['MetricName']);
    expect(alarmed).toContain(PERMANENT_REFUSALS_METRIC);
    expect(alarmed).not.toContain(ANONYMOUS_PERMANENT_REFUSALS_METRIC);
    const body = JSON.stringify(Object.values(built.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.['Properties']['DashboardBody']);
    expect(body).toContain(ANONYMOUS_PERMANENT_REFUSALS_METRIC);
  });

  it('permanent refusals counted from the ingress log lines by the codes the ingress exports, alarm at the threshold', () => {
    built.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(built.template, 'AWS::Logs::LogGroup', 'IngressLogs') },
      MetricTransformations: [{ MetricNamespace: METRIC_NAMESPACE, MetricName: PERMANENT_REFUSALS_METRIC, MetricValue: '1', DefaultValue: 0 }],
    });
    expect(filteredCodes(PERMANENT_REFUSALS_METRIC)).toEqual(['invalid_json', 'not_a_stripe_event', 'payload_too_large', 'unsupported_media_type']);
    expect(filteredCodes(PERMANENT_REFUSALS_METRIC)).toEqual([...PERMANENT_REFUSAL_CODES].sort());
    expectAlarm({
      Namespace: METRIC_NAMESPACE,
      MetricName: PERMANENT_REFUSALS_METRIC,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: Match.stringLikeRegexp('docs/operations.md#permanentrefusals'),
    });
  });

  it('subscribes the configured e-mail address, and then warns about nothing', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topicRef });
    Annotations.fromStack(built.stack).hasNoWarning('*', Match.stringLikeRegexp('alarm subscriber'));
  });

  it('publishes a dashboard with every alarm and figure', () => {
    built.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(built.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.['Properties']['DashboardBody']);
    for (const metric of ['DeliveryToS3.DataFreshness', 'DeliveryToS3.Success', 'ThrottledRecords', 'IncomingBytes', 'IncomingPutRequests', 'IncomingRecords', 'BytesPerSecondLimit', 'PutRequestsPerSecondLimit', 'RecordsPerSecondLimit', 'Url5xxCount', 'Throttles', SIGNATURE_FAILURES_METRIC, PERMANENT_REFUSALS_METRIC]) {
      expect(body).toContain(metric);
    }
  });
});

const webFunctionName = (built: BuiltStack): unknown =>
  built.template.findResources('AWS::Lambda::WebFunction')[logicalId(built.template, 'AWS::Lambda::WebFunction', 'IngressWebFunction')]?.['Properties']['FunctionName'];
const endpointName = (built: BuiltStack): unknown =>
  built.template.findResources('AWS::Lambda::WebFunctionEndpoint')[logicalId(built.template, 'AWS::Lambda::WebFunctionEndpoint', 'IngressWebFunctionEndpoint')]?.['Properties']['EndpointName'];

describe('ingress alarms in web-function mode (the default)', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ ...settings, ingressHosting: 'web-function' });
  });
  afterAll(() => built.cleanup());

  it('alarms on the Web Function\'s own 5XX metric (AWS/Lambda/Web) with the dimensions the endpoint publishes, in two consecutive periods; sparse, so missing data is not breaching', () => {
    expect(endpointName(built)).toBe('prod');
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda/Web',
      MetricName: 'HTTPResponseStatusClass5XX',
      // CloudWatch matches the whole dimension set: FunctionName alone would never see a data point.
      Dimensions: [{ Name: 'EndpointName', Value: endpointName(built) }, { Name: 'FunctionName', Value: webFunctionName(built) }],
      ...INGRESS_5XX_ALARM,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic') }],
    });
  });

  it('keeps the Firehose, quota, signature and permanent-refusal alarms, and has no classic Lambda metric left', () => {
    built.template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    const metrics = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a['Properties']['MetricName'] ?? 'metric math').sort();
    expect(metrics).toEqual(
      ['DeliveryToS3.DataFreshness', 'DeliveryToS3.Success', 'HTTPResponseStatusClass5XX', 'metric math', 'metric math', 'metric math', 'IncomingRecords', PERMANENT_REFUSALS_METRIC, SIGNATURE_FAILURES_METRIC, 'ThrottledRecords'].sort(),
    );
    const body = JSON.stringify(Object.values(built.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.['Properties']['DashboardBody']);
    expect(body).toContain('HTTPResponseStatusClass5XX');
    expect(body).not.toContain('Url5xxCount');
  });
});

describe('alarm defaults', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack();
  });
  afterAll(() => built.cleanup());

  it('freshness at 300 s buffer + 600 s margin, quota warnings at 80 % of the stream\'s limits, 6 h without events; no e-mail', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToS3.DataFreshness', Threshold: 900 });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('#incomingbytesnearquota$'), Threshold: 0.8 });
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IncomingRecords', Period: 6 * 3600 });
    built.template.resourceCountIs('AWS::SNS::Subscription', 0);
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: PERMANENT_REFUSALS_METRIC, Threshold: 1 });
  });

  it('warns at synth that no alarm reaches a person when no subscriber is configured', () => {
    Annotations.fromStack(built.stack).hasWarning('/EventLakeTest/Monitoring/AlarmTopic', Match.stringLikeRegexp('No alarm subscriber.*alarmEmail'));
  });
});
