// Alarms, the SNS topic they notify and a dashboard with the same figures. Each figure is defined once
// (metric, threshold, runbook text) and drives both its alarm and its graph. Thresholds derive from the
// settings (buffer interval, alarm ratios), so the alarms move when the stream is re-tuned.
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PERMANENT_REFUSAL_CODES, SIGNATURE_FAILURES } from '@event-lake/lake-format';
import { alarmTopic } from './alarm-topic.js';
import type { IngressHostMetrics } from './ingress-host.js';
import type { EventLakeSettings } from './settings.js';
import { nearQuotaFigures } from './stream-quota-alarms.js';

/** Namespace of the metrics derived from the ingress's logs. */
export const METRIC_NAMESPACE = 'EventLake';
export const SIGNATURE_FAILURES_METRIC = 'SignatureFailures';
/** Permanent refusals of requests carrying a parseable Stripe-Signature (perhaps Stripe's): alarmed. */
export const PERMANENT_REFUSALS_METRIC = 'PermanentRefusals';
/** The same refusals of requests without one (probes, misrouted traffic): graphed, not alarmed. */
export const ANONYMOUS_PERMANENT_REFUSALS_METRIC = 'AnonymousPermanentRefusals';

export type MonitoringSettings = Pick<
  EventLakeSettings,
  | 'alarmEmail'
  | 'bufferIntervalSeconds'
  | 'freshnessMarginSeconds'
  | 'quotaAlarmRatio'
  | 'noEventsAlarmHours'
  | 'signatureFailureThreshold'
  | 'permanentRefusalThreshold'
>;

export interface MonitoringProps {
  readonly settings: MonitoringSettings;
  readonly deliveryStream: firehose.IDeliveryStream;
  /** The hosting platform's metrics of the ingress (web-function or function-url mode). */
  readonly ingressMetrics: IngressHostMetrics;
  readonly ingressLogGroup: logs.ILogGroup;
}

/** One watched figure: its alarm (construct id = runbook heading in docs/operations.md) and graph title. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly description: string;
  /** Consecutive breaching periods before the alarm fires (default 1). */
  readonly periods?: number;
  readonly missingData?: cloudwatch.TreatMissingData;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const LTE = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  /** By construct id: DataFreshness, DeliverySuccess, ThrottledRecords, …, NoEvents. */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.topic = alarmTopic(this, 'AlarmTopic');
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and metric values, no event data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key adds cost and a key policy for nothing secret.',
    });
    if (props.settings.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.settings.alarmEmail));
    } else {
      // A topic without subscribers notifies nobody: every alarm below would fire into the void.
      Validations.of(this.topic).addWarning(
        'event-lake:NoAlarmSubscriber',
        'No alarm subscriber: no alarm of this stack reaches a person. Deploy with -c alarmEmail=you@example.com, or subscribe an endpoint to the AlarmTopicArn output.',
      );
    }

    // The ingress logs every answer as one pino JSON line with the error code in its `code` field and, on the
    // webhook route, `signed`: whether the request carried a parseable Stripe-Signature. Both lists of codes
    // are the ones the ingress answers with (lake-format's refusal-codes.ts), imported rather than copied.
    const countCodes = (id: string, metricName: string, codes: readonly string[], signed?: boolean) => {
      const anyCode = logs.FilterPattern.any(...codes.map((c) => logs.FilterPattern.stringValue('$.code', '=', c)));
      return new logs.MetricFilter(this, id, {
        logGroup: props.ingressLogGroup,
        metricNamespace: METRIC_NAMESPACE,
        metricName,
        filterPattern: signed === undefined ? anyCode : logs.FilterPattern.all(anyCode, logs.FilterPattern.booleanValue('$.signed', signed)),
        metricValue: '1',
        defaultValue: 0,
      }).metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) });
    };
    const signatureFailures = countCodes('SignatureFailureFilter', SIGNATURE_FAILURES_METRIC, SIGNATURE_FAILURES);
    // Split by `signed`, so that the alarm means "Stripe is being refused": an anonymous POST declaring 5 MiB
    // (413) or posting text/plain (415) is counted apart and only graphed.
    const permanentRefusals = countCodes('PermanentRefusalFilter', PERMANENT_REFUSALS_METRIC, PERMANENT_REFUSAL_CODES, true);
    const anonymousRefusals = countCodes('AnonymousPermanentRefusalFilter', ANONYMOUS_PERMANENT_REFUSALS_METRIC, PERMANENT_REFUSAL_CODES, false);

    const notify = new actions.SnsAction(this.topic);
    const watched = watchedFigures(props, { signatureFailures, permanentRefusals }).map((figure) => {
      const alarm = new cloudwatch.Alarm(this, figure.id, {
        alarmDescription: `${figure.description} Runbook: docs/operations.md#${figure.id.toLowerCase()}`,
        metric: figure.metric,
        threshold: figure.threshold,
        comparisonOperator: figure.comparison,
        evaluationPeriods: figure.periods ?? 1,
        datapointsToAlarm: figure.periods ?? 1,
        treatMissingData: figure.missingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return { figure, alarm };
    });
    this.alarms = new Map(watched.map(({ figure, alarm }) => [figure.id, alarm]));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: 'event-lake', defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: watched.map((w) => w.alarm), width: 24, height: 3 }));
    const graphs = watched.map(
      ({ figure, alarm }) => new cloudwatch.GraphWidget({ title: figure.title, left: [figure.metric], leftAnnotations: [alarm.toAnnotation()], width: 8, height: 6 }),
    );
    graphs.push(new cloudwatch.GraphWidget({ title: 'Permanent refusals without a Stripe-Signature (no alarm)', left: [anonymousRefusals], width: 8, height: 6 }));
    for (let i = 0; i < graphs.length; i += 3) this.dashboard.addWidgets(...graphs.slice(i, i + 3));
    for (const graph of props.ingressMetrics.graphs) this.dashboard.addWidgets(graph);
  }
}

function watchedFigures(
  props: MonitoringProps,
  fromLogs: { readonly signatureFailures: cloudwatch.IMetric; readonly permanentRefusals: cloudwatch.IMetric },
): Figure[] {
  const s = props.settings;
  const five = Duration.minutes(5);
  const stream = (metricName: string, statistic: string, period: Duration) => props.deliveryStream.metric(metricName, { statistic, period });
  return [
    {
      id: 'DataFreshness',
      title: 'Data freshness (s, max)',
      // Age of the oldest record not yet in S3; no data when nothing is buffered.
      metric: stream('DeliveryToS3.DataFreshness', cloudwatch.Stats.MAXIMUM, five),
      threshold: s.bufferIntervalSeconds + s.freshnessMarginSeconds,
      comparison: GT,
      description: `Records wait in Firehose longer than the buffer interval (${s.bufferIntervalSeconds} s) plus ${s.freshnessMarginSeconds} s: delivery to S3 is late.`,
    },
    {
      id: 'DeliverySuccess',
      title: 'Delivery to S3 success (min)',
      metric: stream('DeliveryToS3.Success', cloudwatch.Stats.MINIMUM, five),
      threshold: 1,
      comparison: LT,
      periods: 3,
      description: 'Firehose has failed to put objects into the archive bucket for 15 minutes (it retries for 24 h, then discards the data).',
    },
    {
      id: 'ThrottledRecords',
      title: 'Throttled records',
      metric: stream('ThrottledRecords', cloudwatch.Stats.SUM, five),
      threshold: 0,
      comparison: GT,
      description: 'Firehose throttled records: the stream is over a quota. The ingress retries (then answers 503), but raise the quota.',
    },
    ...nearQuotaFigures(props.deliveryStream, s.quotaAlarmRatio),
    {
      id: 'NoEvents',
      title: `Incoming records / ${s.noEventsAlarmHours} h`,
      metric: stream('IncomingRecords', cloudwatch.Stats.SUM, Duration.hours(s.noEventsAlarmHours)),
      threshold: 0,
      comparison: LTE,
      // A stream that receives nothing publishes nothing: no data must count as "no events".
      missingData: cloudwatch.TreatMissingData.BREACHING,
      description: `No record reached Firehose for ${s.noEventsAlarmHours} h: Stripe may have disabled the endpoint, or the ingress is down.`,
    },
    {
      id: 'Ingress5xx',
      title: 'Ingress 5xx answers',
      // 503 from the ingress (storage unavailable or slow, overloaded) or an environment that failed to start.
      metric: props.ingressMetrics.serverErrors,
      threshold: 0,
      comparison: GT,
      periods: 2,
      description: 'The ingress answered Stripe with 5xx in two consecutive 5-minute periods: those events are not stored yet (Stripe retries).',
    },
    ...(props.ingressMetrics.throttles
      ? [{
        id: 'IngressThrottles',
        title: 'Ingress throttles',
        // Refused for lack of concurrency: Stripe gets 429, which the 5xx alarm does not see.
        metric: props.ingressMetrics.throttles,
        threshold: 0,
        comparison: GT,
        description: 'Lambda refused ingress invocations for lack of concurrency: Stripe got 429 and will retry. Raise the account concurrency or reserve some.',
      }]
      : []),
    {
      id: 'SignatureFailures',
      title: 'Signature failures',
      metric: fromLogs.signatureFailures,
      threshold: s.signatureFailureThreshold,
      comparison: GTE,
      description: `At least ${s.signatureFailureThreshold} requests in 5 minutes failed signature verification: wrong or rotated secret, or someone probing the endpoint.`,
    },
    {
      id: 'PermanentRefusals',
      title: 'Permanent refusals',
      metric: fromLogs.permanentRefusals,
      threshold: s.permanentRefusalThreshold,
      comparison: GTE,
      description: `At least ${s.permanentRefusalThreshold} requests carrying a parseable Stripe-Signature were refused in 5 minutes in a way no retry changes (${PERMANENT_REFUSAL_CODES.join(', ')}): if Stripe sends them, it gives up on those events after 3 days. Refusals without one are graphed, not alarmed.`,
    },
  ];
}
