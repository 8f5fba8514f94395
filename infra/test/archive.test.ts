import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { DATA_PREFIX_TEMPLATE, ERROR_PREFIX_TEMPLATE } from '@event-lake/lake-format';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

// Non-default settings prove that the values are settable, not hard-coded.
const settings = {
  archiveTransitionDays: 45,
  archiveExpirationDays: 3650,
  errorExpirationDays: 14,
  bufferIntervalSeconds: 120,
  bufferSizeMiB: 64,
  deliveryStreamName: 'stripe-archive-test',
  // The curated bucket is asserted in curation.test.ts.
  curation: 'off',
} as const;

describe('archive bucket and delivery stream', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack(settings);
  });
  afterAll(() => built.cleanup());

  const archiveBucket = () => built.template.findResources('AWS::S3::Bucket')[logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket')];

  it('creates four buckets (archive, Athena results, access logs, the Web Function code), all encrypted, private, ACLs disabled', () => {
    built.template.resourceCountIs('AWS::S3::Bucket', 4);
    const buckets = built.template.findResources('AWS::S3::Bucket');
    for (const bucket of Object.values(buckets)) {
      expect(bucket['Properties']).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
  });

  it('denies every request without TLS on every bucket', () => {
    const policies = built.template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(4);
    for (const policy of Object.values(policies)) {
      expect(policy['Properties']['PolicyDocument']['Statement']).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
    }
  });

  it('logs archive access to the access-log bucket and keeps versions', () => {
    expect(archiveBucket()?.['Properties']).toMatchObject({
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(built.template, 'AWS::S3::Bucket', 'AccessLogsBucket') }, LogFilePrefix: 'archive/' },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(archiveBucket()?.['DeletionPolicy']).toBe('Retain');
  });

  it('moves events to Glacier Instant Retrieval after N days and expires them after M days', () => {
    const rules = archiveBucket()?.['Properties']['LifecycleConfiguration']['Rules'];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'archive-events',
          Prefix: 'events/',
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 45 }],
          ExpirationInDays: 3650,
        }),
        expect.objectContaining({ Id: 'expire-delivery-errors', Prefix: 'errors/', ExpirationInDays: 14 }),
        expect.objectContaining({
          Id: 'housekeeping',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        }),
      ]),
    );
  });

  it('delivers direct put, GZIP, with the shared prefixes, settable buffering, encryption and logging', () => {
    built.template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    built.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamName: 'stripe-archive-test',
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket'), 'Arn'] },
        CompressionFormat: 'GZIP',
        Prefix: DATA_PREFIX_TEMPLATE,
        ErrorOutputPrefix: ERROR_PREFIX_TEMPLATE,
        BufferingHints: { IntervalInSeconds: 120, SizeInMBs: 64 },
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true, LogGroupName: { Ref: logicalId(built.template, 'AWS::Logs::LogGroup', 'ArchiveDeliveryLogs') } }),
      }),
    });
  });

  it('gives the delivery role only what delivery needs: no delete on the archive, nothing on other buckets', () => {
    const stream = Object.values(built.template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
    const roleId = stream?.['Properties']['ExtendedS3DestinationConfiguration']['RoleARN']['Fn::GetAtt'][0] as string;
    const statements = Object.values(built.template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p['Properties']['Roles'] as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p['Properties']['PolicyDocument']['Statement'] as { Action: string | string[]; Resource: unknown }[]);
    const actions = statements.flatMap((st) => [st.Action].flat()).sort();
    expect(actions).toEqual([
      'logs:PutLogEvents',
      's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
    ]);
    const bucketArn = { 'Fn::GetAtt': [logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket'), 'Arn'] };
    for (const st of statements.filter((x) => [x.Action].flat().some((a) => a.startsWith('s3:')))) {
      expect([bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }]).toContainEqual(st.Resource);
    }
    // Delivery waits for the policy, so the first objects are not refused.
    expect(stream?.['DependsOn']).toEqual(expect.arrayContaining([logicalId(built.template, 'AWS::IAM::Policy', 'ArchiveDeliveryPolicy')]));
  });

  it('leaves S3 Object Lock off unless asked', () => {
    expect(archiveBucket()?.['Properties']['ObjectLockEnabled']).toBeUndefined();
    expect(archiveBucket()?.['Properties']['ObjectLockConfiguration']).toBeUndefined();
  });

  it('uses the prefixes from lake-format verbatim', () => {
    expect(DATA_PREFIX_TEMPLATE).toBe('events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/');
    expect(ERROR_PREFIX_TEMPLATE).toContain('!{firehose:error-output-type}');
  });
});

describe('archive defaults', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ archiveExpirationDays: 0 });
  });
  afterAll(() => built.cleanup());

  it('transitions after 90 days by default and keeps events forever when expiry is 0', () => {
    const bucket = built.template.findResources('AWS::S3::Bucket')[logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket')];
    const rule = bucket?.['Properties']['LifecycleConfiguration']['Rules'].find((r: { Id: string }) => r.Id === 'archive-events');
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }]);
    expect(rule.ExpirationInDays).toBeUndefined();
    built.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamName: 'event-lake-stripe-events',
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 } }),
    });
  });
});

describe('archive with S3 Object Lock', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ archiveObjectLockDays: 400, archiveExpirationDays: 0 });
  });
  afterAll(() => built.cleanup());

  it('locks every new archive object in governance mode for the configured days', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    built.template.resourcePropertiesCountIs('AWS::S3::Bucket', { ObjectLockEnabled: true }, 1);
  });
});
