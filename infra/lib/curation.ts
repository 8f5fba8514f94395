// Curation in AWS (docs/decisions/0007-curated-tables-on-glue-iceberg.md): the Iceberg tables
// stripe_events_curated and its pending-parts table in the stack's Glue database, created by a custom
// resource that runs the query package's DDL on Athena; a function EventBridge Scheduler starts every
// curationIntervalMinutes with {"task": "merge"} (the query package's MERGE over what arrived) and once
// a day with {"task": "maintain"} (OPTIMIZE, VACUUM); two alarms to the stack's topic. The tables live in
// their own bucket: the archive stays append-only, and VACUUM may delete only curated files.
import { createHash } from 'node:crypto';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CURATED_TABLE, PENDING_TABLE } from '@event-lake/query';
import { DATABASE_NAME, DATA_ROOT } from '@event-lake/lake-format';
import { RESULTS_PREFIX, type Analytics } from './analytics.js';
import type { Archive } from './archive.js';
import { CURATION_METRICS, type CurationMetric, type CurationTask } from './curation-runtime/curation-metrics.js';
import { tableSetupStatements } from './curation-runtime/curation-sql.js';
import { grantAthenaQueries } from './daily-audit.js';
import { bundledLambda } from './lambda-bundling.js';
import { METRIC_NAMESPACE } from './monitoring.js';
import { secureBucket } from './secure-bucket.js';
import type { EventLakeSettings } from './settings.js';

export type CurationSettings = Pick<EventLakeSettings, 'curationIntervalMinutes' | 'curationBehindIntervals' | 'logRetentionDays'>;

/** Where the tables live in the curated bucket: s3://<bucket>/curated/<table>/. */
export const CURATED_PREFIX = 'curated';
/** OPTIMIZE and VACUUM run once a day at this time (UTC), away from the daily audit's default hour. */
export const MAINTENANCE_CRON = { minute: '40', hour: '3' } as const;

export interface CurationProps {
  readonly settings: CurationSettings;
  readonly archive: Archive;
  readonly analytics: Analytics;
  readonly accessLogsBucket: s3.IBucket;
  /** Where the alarms go: Monitoring's topic. */
  readonly topic: sns.ITopic;
  /** lib/curation-runtime/handler.ts */
  readonly entry: string;
  /** lib/daily-audit-runtime/duckdb-unavailable.ts: the query layer's DuckDB backend is not bundled. */
  readonly duckdbStub: string;
}

/** One watched figure: its alarm (construct id = runbook heading in docs/operations.md). */
interface Figure {
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly periods: number;
  readonly missingData: cloudwatch.TreatMissingData;
  readonly description: string;
}

export class Curation extends Construct {
  readonly bucket: s3.Bucket;
  readonly role: iam.Role;
  /** Both functions log here. */
  readonly logGroup: logs.LogGroup;
  /** Runs the scheduled tasks; reserved concurrency 1, so two runs never overlap. */
  readonly function: nodejs.NodejsFunction;
  /** The same code, for the CuratedTables custom resource (not held back by the scheduled runs' concurrency). */
  readonly tablesFunction: nodejs.NodejsFunction;
  readonly tables: CustomResource;
  readonly mergeSchedule: scheduler.Schedule;
  readonly maintenanceSchedule: scheduler.Schedule;
  /** CurationBehind and CurationFailed. */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  /** For the stack's dashboard: lag, events merged, run duration and bytes scanned of the merges. */
  readonly graphs: readonly cloudwatch.GraphWidget[];

  constructor(scope: Construct, id: string, props: CurationProps) {
    super(scope, id);
    const s = props.settings;
    const stack = Stack.of(this);

    // Derived data, rebuilt from the archive on demand (docs/operations.md#rebuild-the-curated-tables):
    // retained with the stack's other data, not versioned (VACUUM's deletes must free the space).
    this.bucket = secureBucket(this, 'Bucket', {
      accessLogs: { bucket: props.accessLogsBucket, prefix: 'curated/' },
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const location = `s3://${this.bucket.bucketName}/${CURATED_PREFIX}`;

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: s.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.logGroup = logGroup;
    this.role = curationRole(this, props, logGroup, this.bucket);

    const common: nodejs.NodejsFunctionProps = {
      entry: props.entry,
      handler: 'handler',
      // The query layer's index also exports its DuckDB backend (a native module): replaced by a stand-in.
      // The dedupe view's .sql text is bundled as a string, so the function reads no file at run time.
      ...bundledLambda({ esbuildArgs: { '--alias:@duckdb/node-api': props.duckdbStub }, loader: { '.sql': 'text' } }),
      role: this.role,
      logGroup,
      memorySize: 256,
      // A merge of one window is a few Athena queries; the whole archive (first run) can take longer.
      timeout: Duration.minutes(15),
      environment: {
        ATHENA_WORKGROUP: props.analytics.workGroup.name,
        ATHENA_DATABASE: props.analytics.database.databaseName,
        METRICS_NAMESPACE: METRIC_NAMESPACE,
        CURATED_LOCATION: location,
        NODE_OPTIONS: '--enable-source-maps',
      },
    };
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      ...common,
      description: 'event-lake curation: MERGE what arrived into stripe_events_curated on Athena; daily OPTIMIZE and VACUUM; EMF metrics.',
      reservedConcurrentExecutions: 1,
    });
    // Scheduler invokes asynchronously: a run that failed is not retried (the next one comes within an
    // interval), and an invocation held back (the previous run still going) is dropped after one interval.
    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(Math.min(s.curationIntervalMinutes, 360)) });
    this.tablesFunction = new nodejs.NodejsFunction(this, 'TablesFunction', {
      ...common,
      description: 'event-lake curation: CREATE TABLE IF NOT EXISTS of the curated Iceberg tables (custom resource).',
    });

    this.tables = new CustomResource(this, 'Tables', {
      serviceToken: this.tablesFunction.functionArn,
      resourceType: 'Custom::CuratedTables',
      serviceTimeout: Duration.minutes(14),
      // A new fingerprint (the query package's DDL changed) runs the statements again; CREATE TABLE IF NOT
      // EXISTS leaves an existing table as it is, so a changed schema needs a rebuild (docs/operations.md).
      properties: { Tables: [CURATED_TABLE, PENDING_TABLE], Fingerprint: fingerprint(tableSetupStatements(`s3://bucket/${CURATED_PREFIX}`)) },
    });

    // The DDL runs in the workgroup, which the function knows only by name: create it first.
    this.tables.node.addDependency(props.analytics.workGroup);

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'event-lake curation schedules: invoke the curation function.',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason: "lambda grantInvoke also covers this one function's versions and aliases (<arn>:*); no other function is reachable.",
    });
    const invoke = (task: CurationTask) => new targets.LambdaInvoke(this.function, {
      role: schedulerRole,
      input: scheduler.ScheduleTargetInput.fromObject({ task }),
      retryAttempts: 0,
    });
    this.mergeSchedule = new scheduler.Schedule(this, 'MergeSchedule', {
      description: `event-lake: merge what arrived into ${CURATED_TABLE} every ${s.curationIntervalMinutes} minutes.`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(s.curationIntervalMinutes)),
      target: invoke('merge'),
    });
    this.maintenanceSchedule = new scheduler.Schedule(this, 'MaintenanceSchedule', {
      description: `event-lake: compact (OPTIMIZE) and expire snapshots (VACUUM) of ${CURATED_TABLE} daily.`,
      schedule: scheduler.ScheduleExpression.cron(MAINTENANCE_CRON),
      target: invoke('maintain'),
    });
    // No run before the tables exist.
    this.mergeSchedule.node.addDependency(this.tables);
    this.maintenanceSchedule.node.addDependency(this.tables);

    const notify = new actions.SnsAction(props.topic);
    this.alarms = new Map(curationFigures(s, this.function).map((f) => {
      const alarm = new cloudwatch.Alarm(this, f.id, {
        alarmDescription: `${f.description} Runbook: docs/operations.md#${f.id.toLowerCase()}`,
        metric: f.metric,
        threshold: f.threshold,
        comparisonOperator: f.comparison,
        evaluationPeriods: f.periods,
        datapointsToAlarm: f.periods,
        treatMissingData: f.missingData,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return [f.id, alarm];
    }));

    const merge = (name: CurationMetric, statistic: string) => new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: CURATION_METRICS.dimensionsOf('merge'), statistic, period: Duration.minutes(s.curationIntervalMinutes),
    });
    const graph = (title: string, metric: cloudwatch.IMetric) => new cloudwatch.GraphWidget({ title, left: [metric], width: 6, height: 6 });
    this.graphs = [
      graph('Curation lag (s, max)', merge('CurationLagSeconds', cloudwatch.Stats.MAXIMUM)),
      graph('Curated rows written', merge('CurationEventsMerged', cloudwatch.Stats.SUM)),
      graph('Curation run (ms, max)', merge('CurationRunDuration', cloudwatch.Stats.MAXIMUM)),
      graph('Curation bytes scanned', merge('CurationBytesScanned', cloudwatch.Stats.SUM)),
    ];
  }
}

/** sha256 of the statements: changes exactly when the query package's DDL (or the retention) does. */
export function fingerprint(statements: readonly string[]): string {
  return createHash('sha256').update(statements.join('\n;\n')).digest('hex');
}

function curationFigures(s: CurationSettings, fn: lambda.IFunction): Figure[] {
  const period = Duration.minutes(s.curationIntervalMinutes);
  const metric = (name: CurationMetric, task: CurationTask) => new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: CURATION_METRICS.dimensionsOf(task), statistic: cloudwatch.Stats.SUM, period,
  });
  return [
    {
      id: 'CurationBehind',
      // One successful merge per interval keeps the table current to within an interval: none for N
      // intervals means the table is more than N intervals behind the archive (quiet lakes included:
      // a merge with nothing new still succeeds).
      metric: metric('CurationRunSucceeded', 'merge'),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      periods: s.curationBehindIntervals,
      missingData: cloudwatch.TreatMissingData.BREACHING,
      description: `No successful curation merge for ${s.curationBehindIntervals} × ${s.curationIntervalMinutes} minutes: ${CURATED_TABLE} (and the views over it) lag the archive.`,
    },
    {
      id: 'CurationFailed',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(merge, 0) + FILL(maintain, 0) + FILL(errors, 0)',
        usingMetrics: {
          merge: metric('CurationRunFailed', 'merge'),
          maintain: metric('CurationRunFailed', 'maintain'),
          errors: fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period }),
        },
        period,
        label: 'Curation runs that failed',
      }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      periods: 1,
      missingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'A curation run (merge, or the daily OPTIMIZE/VACUUM) failed: an Athena error, a timeout, a commit conflict or bad configuration.',
    },
  ];
}

/** Athena in the workgroup; Glue read of the raw table, write of the curated tables; S3 write only under the curated prefix. */
function curationRole(scope: Construct, props: CurationProps, logGroup: logs.ILogGroup, bucket: s3.Bucket): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'event-lake curation: query the archive and write the curated Iceberg tables in its workgroup, write its logs.',
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  grantAthenaQueries(role, props.analytics, props.archive);
  const tableArn = (name: string) => stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${DATABASE_NAME}/${name}` });
  // Iceberg commits replace the table's metadata location in Glue (UpdateTable); CREATE TABLE IF NOT EXISTS creates it.
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable'],
    resources: [stack.formatArn({ service: 'glue', resource: 'catalog' }), props.analytics.database.databaseArn, tableArn(CURATED_TABLE), tableArn(PENDING_TABLE)],
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [bucket.bucketArn] }));
  // DeleteObject: VACUUM removes expired snapshots' files and orphans (without it VACUUM succeeds and deletes nothing).
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    resources: [bucket.arnForObjects(`${CURATED_PREFIX}/*`)],
  }));
  const logicalIdOf = (b: s3.IBucket) => stack.getLogicalId(b.node.defaultChild as s3.CfnBucket);
  Validations.of(role).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.archive.bucket)}.Arn>/${DATA_ROOT}/*]`,
      reason: `Athena reads the archive objects of the partitions a merge window selects; their keys are generated by Firehose under ${DATA_ROOT}/ (read only).`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.analytics.resultsBucket)}.Arn>/${RESULTS_PREFIX}/*]`,
      reason: `Athena writes each query's result under ${RESULTS_PREFIX}/ with a name it generates, and the function reads it back (no delete).`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/${CURATED_PREFIX}/*]`,
      reason: `Iceberg writes data and metadata files under ${CURATED_PREFIX}/ with names it generates, and VACUUM deletes expired ones; the archive is not writable.`,
    },
  );
  return role;
}
