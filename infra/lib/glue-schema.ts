// Translates lake-format's single schema and partition layout into Glue terms. Nothing here names a
// column: add one to ARCHIVE_COLUMNS and the table follows.
import * as glue from 'aws-cdk-lib/aws-glue';
import { ARCHIVE_COLUMNS, DATA_ROOT, PARTITION_KEYS, type ColumnType } from '@event-lake/lake-format';

const GLUE_TYPES: Record<ColumnType, glue.Type> = {
  string: glue.Schema.STRING,
  int: glue.Schema.INTEGER,
  boolean: glue.Schema.BOOLEAN,
};

export function archiveColumns(): glue.Column[] {
  return ARCHIVE_COLUMNS.map((c) => ({ name: c.name, type: GLUE_TYPES[c.type], comment: c.description }));
}

export function partitionColumns(): glue.Column[] {
  return PARTITION_KEYS.map((k) => ({ name: k.name, type: GLUE_TYPES[k.glueType], comment: k.description }));
}

/** Date/integer projection for each partition key; the dt range starts at `startDate` and ends at NOW. */
export function partitionProjection(startDate: string): glue.PartitionProjection {
  const projection: glue.PartitionProjection = {};
  for (const key of PARTITION_KEYS) {
    const p = key.projection;
    projection[key.name] =
      p.type === 'date'
        ? glue.PartitionProjectionConfiguration.date({
            min: startDate,
            max: 'NOW',
            format: p.format,
            step: { interval: p.interval, intervalUnit: glue.DateIntervalUnit[p.unit] },
          })
        : glue.PartitionProjectionConfiguration.integer({ min: p.range[0], max: p.range[1], digits: p.digits });
  }
  return projection;
}

/** `s3://bucket/events/dt=${dt}/hour=${hour}/`: where Athena finds each projected partition. */
export function storageLocationTemplate(bucketName: string): string {
  const parts = PARTITION_KEYS.map((k) => `${k.name}=\${${k.name}}`);
  return `s3://${bucketName}/${DATA_ROOT}/${parts.join('/')}/`;
}

/** Hive JSON SerDe over gzip text: AWS recommends it over the OpenX SerDe for deterministic results. */
export const HIVE_JSON_FORMAT = new glue.DataFormat({
  inputFormat: glue.InputFormat.TEXT,
  outputFormat: glue.OutputFormat.HIVE_IGNORE_KEY_TEXT,
  serializationLibrary: glue.SerializationLibrary.HIVE_JSON,
  classificationString: glue.ClassificationString.JSON,
});
