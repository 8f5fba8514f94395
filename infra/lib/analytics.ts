// What analysts use: the Glue database and table over the archive (partition projection, no crawler),
// an Athena workgroup that enforces its own results bucket and a scan cap, and athena/'s SQL as named
// queries in that workgroup.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATABASE_NAME, DATA_ROOT, TABLE_NAME, WORKGROUP_NAME } from '@event-lake/lake-format';
import { readNamedQueryFiles } from './athena-files.js';
import { archiveColumns, HIVE_JSON_FORMAT, partitionColumns, partitionProjection, storageLocationTemplate } from './glue-schema.js';
import { secureBucket } from './secure-bucket.js';
import type { EventLakeSettings } from './settings.js';

export { DATABASE_NAME, TABLE_NAME, WORKGROUP_NAME };

/** Where the workgroup writes query results in the results bucket. */
export const RESULTS_PREFIX = 'results';

export interface AnalyticsProps {
  readonly settings: Pick<EventLakeSettings, 'athenaResultsExpirationDays' | 'bytesScannedCutoffPerQuery' | 'projectionStartDate'>;
  readonly archiveBucket: s3.IBucket;
  readonly accessLogsBucket: s3.IBucket;
  /** The repository's athena/ folder; views/*.sql and queries/*.sql become named queries. */
  readonly athenaDir: string;
}

export class Analytics extends Construct {
  readonly database: glue.Database;
  readonly table: glue.S3Table;
  readonly resultsBucket: s3.Bucket;
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const s = props.settings;

    this.database = new glue.Database(this, 'Database', {
      databaseName: DATABASE_NAME,
      description: 'event-lake: every Stripe event as delivered.',
    });
    // Removed with the stack (CDK would retain it): its name is fixed (`event_lake`), so a retained
    // database made the next deploy after `cdk destroy` fail with "already exists". It holds only
    // metadata; the events stay in the retained archive bucket (docs/deploy.md, "Removing and deploying again").
    this.database.applyRemovalPolicy(RemovalPolicy.DESTROY);

    this.table = new glue.S3Table(this, 'Table', {
      database: this.database,
      tableName: TABLE_NAME,
      description: 'One row per delivery (webhook or backfill) of a Stripe event; deduplicate on id (view stripe_events_deduped). See docs/querying.md.',
      storage: glue.S3TableStorage.fromBucket(props.archiveBucket),
      s3Prefix: `${DATA_ROOT}/`,
      columns: archiveColumns(),
      partitionKeys: partitionColumns(),
      dataFormat: HIVE_JSON_FORMAT,
      compressed: true,
      // SSE-S3 is transparent to readers; the flag is for client-side/KMS-encrypted data.
      hasEncryptedData: false,
      partitionProjection: partitionProjection(s.projectionStartDate),
      parameters: { 'storage.location.template': storageLocationTemplate(props.archiveBucket.bucketName) },
    });

    this.resultsBucket = secureBucket(this, 'ResultsBucket', {
      accessLogs: { bucket: props.accessLogsBucket, prefix: 'athena-results/' },
      // Query results are re-creatable; keeping them short keeps copies of event data from piling up.
      lifecycleRules: [
        { id: 'expire-results', expiration: Duration.days(s.athenaResultsExpirationDays), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: WORKGROUP_NAME,
      description: 'event-lake queries: results in their own bucket, bytes scanned per query capped.',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: s.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/${RESULTS_PREFIX}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.namedQueries = readNamedQueryFiles(props.athenaDir).map((file) => {
      const q = new athena.CfnNamedQuery(this, `Query-${file.relativePath.replace(/[^A-Za-z0-9_-]/g, '-')}`, {
        name: file.name,
        description: file.description || `athena/${file.relativePath}`,
        database: DATABASE_NAME,
        workGroup: WORKGROUP_NAME,
        queryString: file.sql,
      });
      q.node.addDependency(this.workGroup);
      return q;
    });
  }
}
