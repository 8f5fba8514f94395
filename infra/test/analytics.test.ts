import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match } from 'aws-cdk-lib/assertions';
import { ARCHIVE_COLUMNS, DATA_PREFIX_TEMPLATE, evaluatePrefix, PARTITION_KEYS } from '@event-lake/lake-format';
import { readNamedQueryFiles } from '../lib/athena-files.js';
import { storageLocationTemplate } from '../lib/glue-schema.js';
import { REPO_PATHS } from '../lib/paths.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const GiB = 1024 ** 3;

describe('Glue table, Athena workgroup and named queries', () => {
  let built: BuiltStack;
  let archiveBucketRef: { Ref: string };
  beforeAll(() => {
    built = buildStack({ bytesScannedCutoffPerQuery: 10 * GiB, athenaResultsExpirationDays: 3, projectionStartDate: '2025-06-01' });
    archiveBucketRef = { Ref: logicalId(built.template, 'AWS::S3::Bucket', 'ArchiveBucket') };
  });
  afterAll(() => built.cleanup());

  const tableInput = () => {
    const tables = Object.values(built.template.findResources('AWS::Glue::Table'));
    expect(tables).toHaveLength(1);
    return tables[0]?.['Properties']['TableInput'];
  };

  it('creates database event_lake and table stripe_events', () => {
    built.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'event_lake' }) });
    expect(tableInput()).toMatchObject({ Name: 'stripe_events', TableType: 'EXTERNAL_TABLE' });
  });

  it('takes its columns, in order and with types, from ARCHIVE_COLUMNS', () => {
    const columns = tableInput().StorageDescriptor.Columns;
    expect(columns.map((c: { Name: string; Type: string }) => [c.Name, c.Type])).toEqual(ARCHIVE_COLUMNS.map((c) => [c.name, c.type]));
  });

  it('is partitioned by the keys of the shared layout', () => {
    expect(tableInput().PartitionKeys.map((k: { Name: string; Type: string }) => [k.Name, k.Type])).toEqual(PARTITION_KEYS.map((k) => [k.name, k.glueType]));
  });

  it('reads gzip NDJSON with the Hive JSON SerDe under events/', () => {
    expect(tableInput().StorageDescriptor).toMatchObject({
      SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      Compressed: true,
      Location: { 'Fn::Join': ['', ['s3://', archiveBucketRef, '/events/']] },
    });
  });

  it('projects date-typed dt and two-digit hour partitions matching the Firehose prefix', () => {
    expect(tableInput().Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2025-06-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', archiveBucketRef, '/events/dt=${dt}/hour=${hour}/']] },
    });
  });

  it('builds the location template so that it names the same key Firehose writes', () => {
    const at = new Date(Date.UTC(2026, 2, 7, 5, 59, 59));
    const firehoseKey = `s3://b/${evaluatePrefix(DATA_PREFIX_TEMPLATE, at)}`;
    expect(storageLocationTemplate('b').replace('${dt}', '2026-03-07').replace('${hour}', '05')).toBe(firehoseKey);
  });

  it('matches the table properties of athena/tables/stripe_events.sql when that DDL exists', () => {
    const ddlPath = path.join(REPO_PATHS.athenaDir, 'tables', 'stripe_events.sql');
    if (!existsSync(ddlPath)) return;
    const ddl = readFileSync(ddlPath, 'utf8');
    const params = tableInput().Parameters as Record<string, unknown>;
    for (const [key, value] of Object.entries(params)) {
      if (!key.startsWith('projection.') || key === 'projection.dt.range') continue;
      expect(ddl).toContain(`'${key}' = '${String(value)}'`);
    }
    expect(ddl).toContain("'org.apache.hive.hcatalog.data.JsonSerDe'");
  });

  it('has a workgroup that enforces its encrypted results location and a per-query scan cap', () => {
    built.template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    built.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'event-lake',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * GiB,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(built.template, 'AWS::S3::Bucket', 'AnalyticsResultsBucket') }, '/results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      }),
    });
  });

  it('expires query results quickly in their own bucket', () => {
    const bucket = built.template.findResources('AWS::S3::Bucket')[logicalId(built.template, 'AWS::S3::Bucket', 'AnalyticsResultsBucket')];
    expect(bucket?.['Properties']['LifecycleConfiguration']['Rules']).toEqual([
      expect.objectContaining({ ExpirationInDays: 3, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
  });

  it('deploys one named query per file in athena/views and athena/queries, in the workgroup', () => {
    const files = readNamedQueryFiles(REPO_PATHS.athenaDir);
    built.template.resourceCountIs('AWS::Athena::NamedQuery', files.length);
    for (const file of files) {
      built.template.hasResourceProperties('AWS::Athena::NamedQuery', {
        Name: file.name,
        Database: 'event_lake',
        WorkGroup: 'event-lake',
        QueryString: file.sql,
        Description: file.description || `athena/${file.relativePath}`,
      });
    }
  });
});

describe('without athena/ SQL', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({}, path.join(REPO_PATHS.athenaDir, 'does-not-exist'));
  });
  afterAll(() => built.cleanup());

  it('still synthesizes the table and workgroup, with no named queries', () => {
    built.template.resourceCountIs('AWS::Athena::NamedQuery', 0);
    built.template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    built.template.resourceCountIs('AWS::Glue::Table', 1);
  });
});
