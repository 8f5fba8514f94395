// The archive: the bucket that keeps every event and the Firehose delivery stream that fills it with
// gzip NDJSON under the shared partition layout. Grants for writers live here too.
import { CfnResource, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
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
  | 'archiveObjectLockDays'
>;

export interface ArchiveProps {
  readonly settings: ArchiveSettings;
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * What Firehose needs to deliver to an S3 bucket, and nothing more (Firehose developer guide, "Grant
 * Firehose access to an Amazon S3 destination"): no delete, so the stream cannot erase what it archived.
 */
export const DELIVERY_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'] as const;
export const DELIVERY_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'] as const;

/**
 * Firehose actions the writers need (the ingress, and the audit's auto-backfill): the writer sends only
 * PutRecordBatch. DescribeDeliveryStream serves only GET /ready, which is off in AWS (INGRESS_OPS_ENDPOINTS).
 */
export const INGRESS_FIREHOSE_ACTIONS = ['firehose:PutRecordBatch'] as const;

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
      // Optional WORM: even an account administrator needs s3:BypassGovernanceRetention to delete or
      // overwrite an archived version before its retention ends (docs/deploy.md, "Object Lock").
      objectLockDefaultRetention: s.archiveObjectLockDays > 0 ? s3.ObjectLockRetention.governance(Duration.days(s.archiveObjectLockDays)) : undefined,
    });

    this.deliveryLogGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: s.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: 'Firehose delivery into the archive bucket: put objects and log errors, never delete.',
    });
    const deliveryPolicy = new iam.Policy(this, 'DeliveryPolicy', {
      roles: [deliveryRole],
      statements: [
        new iam.PolicyStatement({ actions: [...DELIVERY_BUCKET_ACTIONS], resources: [this.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: [...DELIVERY_OBJECT_ACTIONS], resources: [this.bucket.arnForObjects('*')] }),
        // The L2 creates the log stream itself; Firehose only writes to it.
        new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [this.deliveryLogGroup.logGroupArn] }),
      ],
    });
    const bucketArn = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnResource)}.Arn>`;
    Validations.of(deliveryPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
      reason: 'Firehose names each object itself (prefix, timestamp, uuid) under the partition prefixes, so the keys cannot be listed in advance; the actions on them are put, get and abort-multipart-upload, no delete.',
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
        // The L2 grants read/write (delete included) to whatever role it is given; a role that ignores
        // policy updates keeps exactly the statements above.
        role: deliveryRole.withoutPolicyUpdates(),
      }),
    });
    this.deliveryStream.node.addDependency(deliveryPolicy);
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
