// DescribeDeliveryStream: the stream as the CDK stack defines it (direct PUT, extended S3 destination,
// GZIP, the shared data and error prefixes), with this server's buffering hints.
import { DATA_PREFIX_TEMPLATE, ERROR_PREFIX_TEMPLATE } from '@event-lake/lake-format';
import { ACCOUNT_ID, requireStream } from '../validation.js';
import { STREAM_VERSION } from '../object-delivery.js';
import type { Operation } from '../operation-context.js';

export const describeDeliveryStream: Operation = async (input, ctx) => {
  const name = requireStream(input, ctx);
  const created = ctx.createdAt.getTime() / 1000;
  return {
    DeliveryStreamDescription: {
      DeliveryStreamName: name,
      DeliveryStreamARN: `arn:aws:firehose:${ctx.region}:${ACCOUNT_ID}:deliverystream/${name}`,
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamEncryptionConfiguration: { Status: 'DISABLED' },
      DeliveryStreamType: 'DirectPut',
      VersionId: String(STREAM_VERSION),
      CreateTimestamp: created,
      LastUpdateTimestamp: created,
      Destinations: [
        {
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationDescription: {
            RoleARN: `arn:aws:iam::${ACCOUNT_ID}:role/firehose-local`,
            BucketARN: 'arn:aws:s3:::firehose-local',
            Prefix: DATA_PREFIX_TEMPLATE,
            ErrorOutputPrefix: ERROR_PREFIX_TEMPLATE,
            BufferingHints: { SizeInMBs: ctx.bufferSizeMiB, IntervalInSeconds: ctx.bufferIntervalSeconds },
            CompressionFormat: 'GZIP',
            EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
            S3BackupMode: 'Disabled',
          },
        },
      ],
      HasMoreDestinations: false,
    },
  };
};
