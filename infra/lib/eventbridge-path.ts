// Stripe's Amazon EventBridge destination into the same lake: the partner event bus, a rule for the Stripe
// source, an encrypted queue with a dead-letter queue, and the consumer Lambda that writes archive lines
// into the same delivery stream as the ingress. No public endpoint and no signing secret on this path.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Archive } from './archive.js';
import { bundledLambda } from './lambda-bundling.js';
import { REPO_PATHS } from './paths.js';
import type { EventLakeSettings } from './settings.js';

/** The consumer's hard stop; its writes give up 5 s earlier and hand their messages back to the queue. */
export const CONSUMER_TIMEOUT = Duration.seconds(60);
/** Messages per invocation; with a batching window Lambda waits for up to this many. */
export const CONSUMER_BATCH_SIZE = 100;
export const CONSUMER_BATCHING_WINDOW = Duration.seconds(5);
/** Receives before a message moves to the dead-letter queue (AWS suggests at least 5 for Lambda consumers). */
export const MAX_RECEIVE_COUNT = 5;
/** SQS's longest retention: time to fix a Firehose or consumer problem before a message would expire. */
const RETENTION = Duration.days(14);

/** Most concurrent invocations the event source mapping makes: bounds the load on the stream's quota. */
export const CONSUMER_MAX_CONCURRENCY = 10;

export interface EventBridgePathProps {
  /** aws.partner/stripe.com/ed_… (validated in settings). */
  readonly sourceName: string;
  readonly settings: Pick<EventLakeSettings, 'logRetentionDays'>;
  readonly archive: Archive;
  /** The stack's alarm topic. */
  readonly alarmTopic: sns.ITopic;
}

export class EventBridgePath extends Construct {
  readonly bus: events.EventBus;
  readonly rule: events.Rule;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: nodejs.NodejsFunction;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventBridgePathProps) {
    super(scope, id);

    // A partner event bus is named after its source; creating it associates the source Stripe created.
    this.bus = new events.EventBus(this, 'Bus', { eventSourceName: props.sourceName });

    const encrypted = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: RETENTION } as const;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', encrypted);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encrypted,
      // AWS: at least six times the function timeout, so a throttled batch can be retried in time.
      visibilityTimeout: Duration.seconds(CONSUMER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Every Stripe event from the EventBridge destination, to the event-lake queue.',
      eventBus: this.bus,
      eventPattern: { source: [props.sourceName] },
      // An event EventBridge cannot put into the queue (after its own retries) lands in the same DLQ.
      targets: [new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.settings.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    // Own role: its log group, one Firehose action on one stream; the event source adds the queue actions.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'event-lake EventBridge consumer: read its queue, put records into one delivery stream, write its logs.',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [props.archive.deliveryStream.deliveryStreamArn] }));

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'event-lake: Stripe events from EventBridge (via SQS) -> archive lines -> Firehose.',
      entry: REPO_PATHS.eventBridgeConsumerEntry,
      handler: 'handler',
      ...bundledLambda({ mainFields: ['module', 'main'] }),
      memorySize: 512,
      timeout: CONSUMER_TIMEOUT,
      role,
      logGroup,
      environment: {
        FIREHOSE_DELIVERY_STREAM_NAME: props.archive.deliveryStream.deliveryStreamName,
        EVENTBRIDGE_SOURCE_NAME: props.sourceName,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, {
      batchSize: CONSUMER_BATCH_SIZE,
      maxBatchingWindow: CONSUMER_BATCHING_WINDOW,
      reportBatchItemFailures: true,
      maxConcurrency: CONSUMER_MAX_CONCURRENCY,
    }));

    // Anything in the DLQ is an event that is not in the lake: a malformed envelope, or one that kept failing.
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'EventBridgeDeadLetters', {
      alarmDescription: 'Stripe events from EventBridge are in the dead-letter queue, not in the lake. Runbook: docs/operations.md#eventbridgedeadletters',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(props.alarmTopic);
    this.deadLetterAlarm.addAlarmAction(notify);
    this.deadLetterAlarm.addOkAction(notify);
  }
}
