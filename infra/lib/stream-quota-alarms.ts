// Early warnings before Firehose throttles: usage of each direct-PUT quota as a fraction of the limit the
// stream itself publishes. The Firehose developer guide ("Best practices with CloudWatch alarms") asks
// for exactly this: `IncomingBytes (Sum per 5 Minutes) / 300` approaching a percentage of
// `BytesPerSecondLimit`, and likewise for records and put requests. The limits differ by region (5 MiB/s
// and 2,000 requests/s in three large regions, 1 MiB/s and 1,000 elsewhere) and follow a granted quota
// increase, so there is no quota setting to get wrong.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Figure } from './monitoring.js';

/** Alarm id (= runbook heading), the usage metric and the limit metric of the same quota (AWS/Firehose). */
export const STREAM_QUOTAS = [
  { id: 'IncomingBytesNearQuota', usage: 'IncomingBytes', limit: 'BytesPerSecondLimit', what: 'incoming bytes' },
  { id: 'IncomingPutRequestsNearQuota', usage: 'IncomingPutRequests', limit: 'PutRequestsPerSecondLimit', what: 'put requests' },
  { id: 'IncomingRecordsNearQuota', usage: 'IncomingRecords', limit: 'RecordsPerSecondLimit', what: 'incoming records' },
] as const;

/** The period AWS's recommendation uses; the usage sum is divided by it to get a rate per second. */
export const QUOTA_PERIOD = Duration.minutes(5);

/** One figure per quota: usage per second / the stream's limit per second, alarming above `ratio`. */
export function nearQuotaFigures(stream: firehose.IDeliveryStream, ratio: number): Figure[] {
  const percent = `${Math.round(ratio * 100)} %`;
  return STREAM_QUOTAS.map((q) => ({
    id: q.id,
    title: `${q.usage} / ${q.limit}`,
    metric: new cloudwatch.MathExpression({
      expression: 'usage / PERIOD(usage) / limit',
      usingMetrics: {
        usage: stream.metric(q.usage, { statistic: cloudwatch.Stats.SUM, period: QUOTA_PERIOD }),
        // The smallest limit seen in the period: the warning errs towards early.
        limit: stream.metric(q.limit, { statistic: cloudwatch.Stats.MINIMUM, period: QUOTA_PERIOD }),
      },
      period: QUOTA_PERIOD,
      label: `${q.usage} per second / ${q.limit}`,
    }),
    threshold: ratio,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    description: `The stream's ${q.what} per second (5-minute average) are above ${percent} of its own ${q.limit}: throttling is near.`,
  }));
}
