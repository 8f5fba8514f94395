// The settings every bucket of the stack shares: encrypted, never public, TLS only, access-logged.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Where S3 server access logs go; omit only for the log bucket itself. */
  readonly accessLogs?: { readonly bucket: s3.IBucket; readonly prefix: string };
  readonly lifecycleRules?: s3.LifecycleRule[];
  readonly versioned?: boolean;
  /** S3 Object Lock default retention for new objects (needs versioning; cannot be turned off once on). */
  readonly objectLockDefaultRetention?: s3.ObjectLockRetention;
  /** RETAIN for data that must survive `cdk destroy`; DESTROY only for disposable query results. */
  readonly removalPolicy: RemovalPolicy;
}

export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): s3.Bucket {
  return new s3.Bucket(scope, id, {
    // SSE-S3: free, no key policy to keep in step with Firehose/Athena/readers, and the only encryption
    // S3 server access logging accepts for a target bucket. Switch to SSE-KMS if a CMK is mandated.
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: props.versioned ?? false,
    objectLockDefaultRetention: props.objectLockDefaultRetention,
    serverAccessLogsBucket: props.accessLogs?.bucket,
    serverAccessLogsPrefix: props.accessLogs?.prefix,
    lifecycleRules: props.lifecycleRules,
    removalPolicy: props.removalPolicy,
  });
}
