// Alarms, the SNS topic they notify and a dashboard with the same figures. Every threshold is derived
// from the settings (buffer interval, quotas) so the alarms move when the stream is re-tuned.
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { EventLakeSettings } from './settings.js';

/** Namespace of the metrics derived from the ingress's logs. */
export const METRIC_NAMESPACE = 'EventLake';
export const SIGNATURE_FAILURES_METRIC = 'SignatureFailures';

/**
 * The ingress answers a failed verification with 400 and one of these codes and logs the code in the
 * `code` field of its pino JSON line (packages/ingress/src/stripe-signature.ts, SIGNATURE_FAILURES).
 */
export const SIGNATURE_FAILURE_CODES = [
  'missing_signature',
  'malformed_signature',
  'no_v1_signature',
  'signature_mismatch',
  'timestamp_too_old',
  'timestamp_in_future',
] as const;

export interface MonitoringProps {
  readonly settings: Pick<
    EventLakeSettings,
    | 'alarmEmail'
    | 'bufferIntervalSeconds'
    | 'freshnessMarginSeconds'
    | 'quotaBytesPerSecond'
    | 'quotaPutRequestsPerSecond'
    | 'quotaAlarmRatio'
    | 'noEventsAlarmHours'
    | 'signatureFailureThreshold'
  >;
  readonly deliveryStream: firehose.IDeliveryStream;
  readonly ingressFunction: lambda.IFunction;
  readonly ingressLogGroup: logs.ILogGroup;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: Record<
    | 'dataFreshness'
    | 'deliverySuccess'
    | 'throttledRecords'
    | 'incomingBytes'
    | 'incomingPutRequests'
    | 'ingress5xx'
    | 'ingressThrottles'
    | 'signatureFailures'
    | 'noEvents',
    cloudwatch.Alarm
  >;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const s = props.settings;
    const stream = props.deliveryStream;
    const fiveMinutes = Duration.minutes(5);
    const oneMinute = Duration.minutes(1);

    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'event-lake alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and metric values, no event data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key adds cost and a key policy for nothing secret.',
    });
    if (s.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(s.alarmEmail));

    const streamMetric = (metricName: string, statistic: string, period: Duration) =>
      stream.metric(metricName, { statistic, period });

    const signatureFailures = new logs.MetricFilter(this, 'SignatureFailureFilter', {
      logGroup: props.ingressLogGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: SIGNATURE_FAILURES_METRIC,
      filterPattern: logs.FilterPattern.any(...SIGNATURE_FAILURE_CODES.map((c) => logs.FilterPattern.stringValue('$.code', '=', c))),
      metricValue: '1',
      defaultValue: 0,
    }).metric({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes });

    const noEventsPeriod = Duration.hours(s.noEventsAlarmHours);
    const metrics = {
      // Age of the oldest record not yet in S3. Missing when nothing is buffered.
      dataFreshness: streamMetric('DeliveryToS3.DataFreshness', cloudwatch.Stats.MAXIMUM, fiveMinutes),
      // Ratio of successful S3 puts; below 1 means Firehose is retrying (and will give up after 24 h).
      deliverySuccess: streamMetric('DeliveryToS3.Success', cloudwatch.Stats.MINIMUM, fiveMinutes),
      throttledRecords: streamMetric('ThrottledRecords', cloudwatch.Stats.SUM, fiveMinutes),
      incomingBytes: streamMetric('IncomingBytes', cloudwatch.Stats.SUM, oneMinute),
      incomingPutRequests: streamMetric('IncomingPutRequests', cloudwatch.Stats.SUM, oneMinute),
      incomingRecords: streamMetric('IncomingRecords', cloudwatch.Stats.SUM, noEventsPeriod),
      // Function URL answers with a 5xx status: 503 from the ingress (storage unavailable) or a crash.
      ingress5xx: props.ingressFunction.metric('Url5xxCount', { statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      // Invocations refused for lack of concurrency: Stripe gets 429 (no 5xx) and retries.
      ingressThrottles: props.ingressFunction.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      signatureFailures,
    };

    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      comparisonOperator: cloudwatch.ComparisonOperator,
      description: string,
      options: { evaluationPeriods?: number; treatMissingData?: cloudwatch.TreatMissingData } = {},
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmDescription: `${description} Runbook: docs/operations.md#${name.toLowerCase()}`,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.evaluationPeriods ?? 1,
        treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      a.addOkAction(new actions.SnsAction(this.topic));
      return a;
    };
    const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
    const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const LTE = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
    const perMinute = (perSecond: number) => Math.floor(perSecond * 60 * s.quotaAlarmRatio);

    this.alarms = {
      dataFreshness: alarm(
        'DataFreshness',
        metrics.dataFreshness,
        s.bufferIntervalSeconds + s.freshnessMarginSeconds,
        GT,
        `Records wait in Firehose longer than the buffer interval (${s.bufferIntervalSeconds} s) plus ${s.freshnessMarginSeconds} s: delivery to S3 is late.`,
      ),
      deliverySuccess: alarm(
        'DeliverySuccess',
        metrics.deliverySuccess,
        1,
        LT,
        'Firehose failed to put objects into the archive bucket for 15 minutes (it retries for 24 h, then writes to errors/).',
        { evaluationPeriods: 3 },
      ),
      throttledRecords: alarm('ThrottledRecords', metrics.throttledRecords, 0, GT, 'Firehose throttled records: the stream is over a quota; the ingress retries, but raise the quota.'),
      incomingBytes: alarm(
        'IncomingBytesNearQuota',
        metrics.incomingBytes,
        perMinute(s.quotaBytesPerSecond),
        GT,
        `Incoming bytes above ${s.quotaAlarmRatio * 100} % of the ${s.quotaBytesPerSecond} B/s quota (per-minute sum).`,
      ),
      incomingPutRequests: alarm(
        'IncomingPutRequestsNearQuota',
        metrics.incomingPutRequests,
        perMinute(s.quotaPutRequestsPerSecond),
        GT,
        `Put requests above ${s.quotaAlarmRatio * 100} % of the ${s.quotaPutRequestsPerSecond}/s quota (per-minute sum).`,
      ),
      ingress5xx: alarm('Ingress5xx', metrics.ingress5xx, 0, GT, 'The ingress answered Stripe with 5xx in two consecutive 5-minute periods: events are not being stored (Stripe retries).', {
        evaluationPeriods: 2,
      }),
      ingressThrottles: alarm(
        'IngressThrottles',
        metrics.ingressThrottles,
        0,
        GT,
        'Lambda refused ingress invocations for lack of concurrency: Stripe got 429 and will retry; raise the account concurrency or reserve some.',
      ),
      signatureFailures: alarm(
        'SignatureFailures',
        metrics.signatureFailures,
        s.signatureFailureThreshold,
        GTE,
        `At least ${s.signatureFailureThreshold} requests in 5 minutes failed signature verification: wrong or rotated secret, or someone probing the endpoint.`,
      ),
      noEvents: alarm(
        'NoEvents',
        metrics.incomingRecords,
        0,
        LTE,
        `No record reached Firehose for ${s.noEventsAlarmHours} h: Stripe may have disabled the endpoint, or the ingress is down.`,
        { treatMissingData: cloudwatch.TreatMissingData.BREACHING },
      ),
    };

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: 'event-lake',
      defaultInterval: Duration.days(1),
    });
    const graph = (title: string, metric: cloudwatch.IMetric, a: cloudwatch.Alarm) =>
      new cloudwatch.GraphWidget({ title, left: [metric], leftAnnotations: [a.toAnnotation()], width: 8, height: 6 });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(this.alarms), width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      graph('Data freshness (s, max)', metrics.dataFreshness, this.alarms.dataFreshness),
      graph('Delivery to S3 success (min)', metrics.deliverySuccess, this.alarms.deliverySuccess),
      graph('Throttled records', metrics.throttledRecords, this.alarms.throttledRecords),
    );
    this.dashboard.addWidgets(
      graph('Incoming bytes / min', metrics.incomingBytes, this.alarms.incomingBytes),
      graph('Incoming put requests / min', metrics.incomingPutRequests, this.alarms.incomingPutRequests),
      graph(`Incoming records / ${s.noEventsAlarmHours} h`, metrics.incomingRecords, this.alarms.noEvents),
    );
    this.dashboard.addWidgets(
      graph('Ingress 5xx answers', metrics.ingress5xx, this.alarms.ingress5xx),
      graph('Ingress throttles', metrics.ingressThrottles, this.alarms.ingressThrottles),
      graph('Signature failures', metrics.signatureFailures, this.alarms.signatureFailures),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Ingress invocations, errors, duration p99',
        left: [props.ingressFunction.metricInvocations(), props.ingressFunction.metricErrors()],
        right: [props.ingressFunction.metricDuration({ statistic: 'p99' })],
        width: 24,
        height: 6,
      }),
    );
  }
}
