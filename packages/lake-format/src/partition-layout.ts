// The S3 key layout, defined once. The CDK delivery stream uses the templates verbatim, firehose-local
// evaluates them the way Firehose does, the Glue table and DuckDB read the same Hive-style partitions.
// Partitions are the *arrival* time at Firehose (UTC), not the event's `created`.

/** Default delivery stream name, locally and in the CDK stack. */
export const DEFAULT_DELIVERY_STREAM_NAME = 'event-lake-stripe-events';

/** Top-level folder of delivered events inside the bucket (or LAKE_DIR). */
export const DATA_ROOT = 'events';
/** Top-level folder of records Firehose could not deliver or process. */
export const ERROR_ROOT = 'errors';

export const DATA_PREFIX_TEMPLATE = `${DATA_ROOT}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`;
export const ERROR_PREFIX_TEMPLATE = `${ERROR_ROOT}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`;

/** Hive partition keys in key order, with what Athena's date/integer partition projection needs. */
export const PARTITION_KEYS = [
  {
    name: 'dt',
    glueType: 'string',
    description: 'Arrival date at Firehose, UTC, yyyy-MM-dd.',
    projection: { type: 'date', format: 'yyyy-MM-dd', interval: 1, unit: 'DAYS', rangeStart: '2020-01-01' },
  },
  {
    name: 'hour',
    glueType: 'string',
    description: 'Arrival hour at Firehose, UTC, two digits 00-23.',
    projection: { type: 'integer', range: [0, 23], digits: 2 },
  },
] as const;

/** Object key suffix Firehose uses: `<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>.gz`. */
export function objectName(streamName: string, streamVersion: number, at: Date, uuid: string): string {
  const p = utcParts(at);
  return `${streamName}-${streamVersion}-${p.yyyy}-${p.MM}-${p.dd}-${p.HH}-${p.mm}-${p.ss}-${uuid}.gz`;
}

/**
 * Evaluates a Firehose custom prefix: `!{timestamp:<java DateTimeFormatter pattern>}` at `at` (UTC) and
 * `!{firehose:error-output-type}`. Only the pattern letters Firehose users put in prefixes are supported;
 * an unsupported expression throws instead of writing a wrong key.
 */
export function evaluatePrefix(template: string, at: Date, errorOutputType?: string): string {
  return template.replace(/!\{([a-z]+):([^}]*)\}/g, (whole, namespace: string, arg: string) => {
    if (namespace === 'timestamp') return formatUtc(arg, at);
    if (namespace === 'firehose' && arg === 'error-output-type') {
      if (!errorOutputType) throw new Error(`prefix ${template} needs an error output type`);
      return errorOutputType;
    }
    throw new Error(`unsupported prefix expression ${whole}`);
  });
}

function formatUtc(pattern: string, at: Date): string {
  const p = utcParts(at);
  return pattern.replace(/yyyy|MM|dd|HH|mm|ss|[A-Za-z]/g, (token) => {
    const value = (p as Record<string, string>)[token];
    if (value === undefined) throw new Error(`unsupported timestamp pattern letter "${token}" in "${pattern}"`);
    return value;
  });
}

function utcParts(at: Date) {
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    yyyy: String(at.getUTCFullYear()).padStart(4, '0'),
    MM: two(at.getUTCMonth() + 1),
    dd: two(at.getUTCDate()),
    HH: two(at.getUTCHours()),
    mm: two(at.getUTCMinutes()),
    ss: two(at.getUTCSeconds()),
  };
}
