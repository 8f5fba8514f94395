// The whole product in one stack: archive (bucket + stream), analytics (Glue + Athena), the ingress
// and its monitoring. Each part carries its own defaults and grants; this file only wires them.
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { Analytics, DATABASE_NAME, TABLE_NAME } from './analytics.js';
import { Archive } from './archive.js';
import { EventBridgePath } from './eventbridge-path.js';
import { Curation } from './curation.js';
import { DailyAudit } from './daily-audit.js';
import { IngressService } from './ingress-service.js';
import { Monitoring } from './monitoring.js';
import { REPO_PATHS } from './paths.js';
import { secureBucket } from './secure-bucket.js';
import type { EventLakeSettings } from './settings.js';

export interface EventLakeStackProps extends StackProps {
  readonly settings: EventLakeSettings;
  /** The repository's athena/ folder. */
  readonly athenaDir: string;
  /** The built ingress package (lib/ingress-bundle.ts), used by either hosting mode. */
  readonly ingressCodeDir: string;
}

export class EventLakeStack extends Stack {
  readonly archive: Archive;
  readonly analytics: Analytics;
  readonly ingress: IngressService;
  readonly monitoring: Monitoring;
  /** Only with the eventBridgeSourceName setting. */
  readonly eventBridge: EventBridgePath | undefined;
  /** Absent with `-c dailyAudit=off`. */
  readonly dailyAudit: DailyAudit | undefined;
  /** stripe_events_curated (Iceberg), its scheduled merge and maintenance, and their alarms; absent with `-c curation=off`. */
  readonly curation: Curation | undefined;

  constructor(scope: Construct, id: string, props: EventLakeStackProps) {
    super(scope, id, { description: 'event-lake: every Stripe event archived (ingress, Firehose, S3, Glue/Athena, alarms)', ...props });
    // Grant S3 log delivery through the log bucket's policy rather than a LogDeliveryWrite ACL, so every
    // bucket keeps ACLs disabled (BucketOwnerEnforced).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const settings = props.settings;

    // Target of the other buckets' server access logs; it cannot log to itself.
    const accessLogs = secureBucket(this, 'AccessLogsBucket', {
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket; logging it into itself would loop.',
    });

    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason: 'The Firehose L2 always adds a mapping of Firehose\'s per-region CIDR blocks for its `connections` (letting Firehose through a security group); this stack never uses them, so nothing refers to the mapping and it has no effect.',
    });

    this.archive = new Archive(this, 'Archive', { settings, accessLogsBucket: accessLogs });
    this.analytics = new Analytics(this, 'Analytics', {
      settings,
      archiveBucket: this.archive.bucket,
      accessLogsBucket: accessLogs,
      athenaDir: props.athenaDir,
    });
    this.ingress = new IngressService(this, 'Ingress', { settings, archive: this.archive, codeDir: props.ingressCodeDir });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      deliveryStream: this.archive.deliveryStream,
      ingressMetrics: this.ingress.host.metrics,
      ingressLogGroup: this.ingress.logGroup,
    });

    this.eventBridge = settings.eventBridgeSourceName === undefined ? undefined : new EventBridgePath(this, 'EventBridge', {
      sourceName: settings.eventBridgeSourceName,
      settings,
      archive: this.archive,
      alarmTopic: this.monitoring.topic,
    });
    this.dailyAudit = settings.dailyAudit === 'on'
      ? new DailyAudit(this, 'DailyAudit', {
        settings, archive: this.archive, analytics: this.analytics, topic: this.monitoring.topic,
        entry: REPO_PATHS.dailyAuditEntry, duckdbStub: REPO_PATHS.duckdbStub,
      })
      : undefined;

    this.curation = settings.curation === 'on'
      ? new Curation(this, 'Curation', {
        settings, archive: this.archive, analytics: this.analytics, accessLogsBucket: accessLogs, topic: this.monitoring.topic,
        entry: REPO_PATHS.curationEntry, duckdbStub: REPO_PATHS.duckdbStub,
      })
      : undefined;
    if (this.curation) {
      this.monitoring.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Curation alarms', alarms: [...this.curation.alarms.values()], width: 24, height: 2 }));
      this.monitoring.dashboard.addWidgets(...this.curation.graphs);
    }

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('WebhookUrl', this.ingress.webhookUrl, 'Register this URL in Stripe (Developers > Webhooks), all events.');
    output('WebhookSecretArn', this.ingress.secret.secretArn, 'Store the endpoint signing secret (whsec_…) here.');
    output('IngressFunctionName', this.ingress.host.functionName, `The ingress ${settings.ingressHosting === 'web-function' ? 'Web Function' : 'Lambda function'} (logs, recycling after a secret change).`);
    output('IngressLogGroupName', this.ingress.logGroup.logGroupName, 'The ingress log group (pino JSON lines), in either hosting mode.');
    output('ArchiveBucketName', this.archive.bucket.bucketName, 'Every event, gzip NDJSON under events/dt=…/hour=…/.');
    output('DeliveryStreamName', this.archive.deliveryStream.deliveryStreamName, 'Firehose delivery stream the ingress writes to.');
    output('GlueTable', `${DATABASE_NAME}.${TABLE_NAME}`, 'Athena/Glue table (database.table).');
    output('AthenaWorkGroup', this.analytics.workGroup.name, 'Use this workgroup: results location and scan cap are enforced.');
    output('AlarmTopicArn', this.monitoring.topic.topicArn, 'Subscribe more endpoints to alarm notifications here.');
    if (this.eventBridge) {
      output('EventBridgeBusName', this.eventBridge.bus.eventBusName, 'Partner event bus associated with the Stripe event destination.');
      output('EventBridgeDeadLetterQueueUrl', this.eventBridge.deadLetterQueue.queueUrl, 'Stripe events that did not reach the lake (runbook: EventBridgeDeadLetters).');
    }
    if (this.curation) {
      output('CuratedBucketName', this.curation.bucket.bucketName, `The curated Iceberg tables (${DATABASE_NAME}.stripe_events_curated), under curated/.`);
      output('CurationFunctionName', this.curation.function.functionName, 'Runs the scheduled curation: invoke with {"task":"merge"} to catch up by hand.');
      output('CurationLogGroupName', this.curation.logGroup.logGroupName, 'The curation runs\' log lines (one EMF line per run: window, rows, newest arrival).');
    }
    if (this.dailyAudit) {
      output('DailyAuditApiKeySecretArn', this.dailyAudit.secret.secretArn, 'Store a Stripe restricted key (rk_live_…, Events: Read) here for the daily audit.');
    }
  }
}
