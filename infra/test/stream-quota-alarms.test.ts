// The "near quota" early warnings: each is the stream's usage per second as a fraction of the limit the
// same stream publishes, so the warning holds in every region and after a quota increase.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const QUOTAS = [
  ['IncomingBytesNearQuota', 'IncomingBytes', 'BytesPerSecondLimit'],
  ['IncomingPutRequestsNearQuota', 'IncomingPutRequests', 'PutRequestsPerSecondLimit'],
  ['IncomingRecordsNearQuota', 'IncomingRecords', 'RecordsPerSecondLimit'],
] as const;

describe.each(INGRESS_HOSTINGS)('quota early warnings (ingressHosting=%s)', (ingressHosting) => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ ingressHosting, quotaAlarmRatio: 0.7, alarmEmail: 'ops@example.com' });
  });
  afterAll(() => built.cleanup());

  const alarm = (id: string) => {
    const found = built.template.findResources('AWS::CloudWatch::Alarm')[logicalId(built.template, 'AWS::CloudWatch::Alarm', `Monitoring${id}`)];
    return found?.['Properties'] as Record<string, unknown> & { Metrics: Record<string, unknown>[] };
  };

  it.each(QUOTAS)('%s: %s per second over the stream\'s own %s, above quotaAlarmRatio', (id, usage, limit) => {
    const properties = alarm(id);
    const stream = [{ Name: 'DeliveryStreamName', Value: { Ref: logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream') } }];
    expect(properties).toMatchObject({ Threshold: 0.7, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', EvaluationPeriods: 1 });
    expect(properties['MetricName']).toBeUndefined();
    expect(properties.Metrics).toEqual([
      // Sum over the period / the period's seconds = the average rate, in the limit's unit (per second).
      expect.objectContaining({ Expression: 'usage / PERIOD(usage) / limit', ReturnData: true }),
      { Id: 'usage', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: usage, Dimensions: stream }, Period: 300, Stat: 'Sum' } },
      { Id: 'limit', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: limit, Dimensions: stream }, Period: 300, Stat: 'Minimum' } },
    ]);
    expect(properties['AlarmDescription']).toContain(`docs/operations.md#${id.toLowerCase()}`);
  });

  it('has no fixed quota threshold left: no alarm reads IncomingBytes or IncomingPutRequests alone', () => {
    const plain = Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a['Properties']['MetricName']);
    expect(plain).not.toContain('IncomingBytes');
    expect(plain).not.toContain('IncomingPutRequests');
  });
});
