// The archive: the bucket that keeps every event and the Firehose delivery stream that fills it with
// gzip NDJSON under the shared partition layout. Grants for writers live here too.
import { Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATA_PREFIX_TEMPLATE, DATA_ROOT, ERROR_PREFIX_TEMPLATE, ERROR_ROOT } from '@event-lake/lake-format';
import { secureBucket } from './secure-bucket.js';
import type { EventLakeSettings } from './settings.js';

export type ArchiveSettings = Pick<
  EventLakeSettings,
  | 'deliveryStreamName'
  | 'archiveTransitionDays'
  | 'archiveExpirationDays'
  | 'errorExpirationDays'
  | 'bufferIntervalSeconds'
  | 'bufferSizeMiB'
  | 'logRetentionDays'
>;

export interface ArchiveProps {
  readonly settings: ArchiveSettings;
  readonly accessLogsBucket: s3.IBucket;
}

/** Firehose actions the ingress needs: write, and DescribeDeliveryStream for its /ready check. */
export const INGRESS_FIREHOSE_ACTIONS = [
  'firehose:PutRecord',
  'firehose:PutRecordBatch',
  'firehose:DescribeDeliveryStream',
] as const;

export class Archive extends Construct {
  readonly bucket: s3.Bucket;
  readonly deliveryStream: firehose.DeliveryStream;
  readonly deliveryLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ArchiveProps) {
    super(scope, id);
    const s = props.settings;

    this.bucket = secureBucket(this, 'Bucket', {
      accessLogs: { bucket: props.accessLogsBucket, prefix: 'archive/' },
      // Versioning guards against an operator's mistaken delete/overwrite; Firehose never overwrites a
      // key, so it costs nothing until something is deleted, and old versions expire below.
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: archiveLifecycle(s),
    });

    this.deliveryLogGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: s.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deliveryStream = new firehose.DeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: s.deliveryStreamName,
      // Direct PUT is the default source (no Kinesis stream in front).
      encryption: firehose.StreamEncryption.awsOwnedKey(),
      destination: new firehose.S3Bucket(this.bucket, {
        compression: firehose.Compression.GZIP,
        dataOutputPrefix: DATA_PREFIX_TEMPLATE,
        errorOutputPrefix: ERROR_PREFIX_TEMPLATE,
        bufferingInterval: Duration.seconds(s.bufferIntervalSeconds),
        bufferingSize: Size.mebibytes(s.bufferSizeMiB),
        loggingConfig: new firehose.EnableLogging(this.deliveryLogGroup),
      }),
    });

    acknowledgeFirehoseRole(this.deliveryStream, this.bucket);
  }

  /** Exactly the actions the ingress needs, on this one stream. */
  grantIngress(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...INGRESS_FIREHOSE_ACTIONS],
      resourceArns: [this.deliveryStream.deliveryStreamArn],
    });
  }
}

function archiveLifecycle(s: ArchiveSettings): s3.LifecycleRule[] {
  return [
    {
      id: 'archive-events',
      prefix: `${DATA_ROOT}/`,
      // Glacier Instant Retrieval, not Flexible Retrieval/Deep Archive: Athena reads GIR objects like
      // Standard ones, while it skips (or fails on) objects that need a restore first.
      transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(s.archiveTransitionDays) }],
      expiration: s.archiveExpirationDays > 0 ? Duration.days(s.archiveExpirationDays) : undefined,
    },
    {
      id: 'expire-delivery-errors',
      prefix: `${ERROR_ROOT}/`,
      expiration: Duration.days(s.errorExpirationDays),
    },
    {
      id: 'housekeeping',
      abortIncompleteMultipartUploadAfter: Duration.days(1),
      noncurrentVersionExpiration: Duration.days(30),
      expiredObjectDeleteMarker: true,
    },
  ];
}

/**
 * The Firehose L2 grants its role read/write on the destination bucket (its fixed default). Firehose
 * needs Put/Get/List/AbortMultipartUpload on keys it generates, so `<bucket>/*` is inherent; the delete
 * and wildcard actions come with the L2 grant, are confined to this one bucket, and versioning keeps
 * anything deleted recoverable for 30 days.
 */
function acknowledgeFirehoseRole(stream: firehose.DeliveryStream, bucket: s3.Bucket): void {
  const reason =
    'Firehose L2 default grant (bucket read/write) on this one bucket: Firehose writes keys it generates under the partition prefix; versioning keeps deleted objects recoverable.';
  const bucketLogicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const findings = ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', `Resource::<${bucketLogicalId}.Arn>/*`];
  Validations.of(stream).acknowledge(...findings.map((f) => ({ id: `AwsSolutions-IAM5[${f}]`, reason })));
}
