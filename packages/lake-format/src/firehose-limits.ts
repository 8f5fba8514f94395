// Amazon Kinesis Data Firehose service limits (direct PUT), kept as data and imported wherever they matter:
// the ingress batches within them, firehose-local enforces them, the docs quote them.

/** Largest record, before base64 encoding: 1,000 KiB. */
export const MAX_RECORD_BYTES = 1_024_000;
/** PutRecordBatch: at most 500 records per call. */
export const MAX_BATCH_RECORDS = 500;
/**
 * PutRecordBatch: the API reference allows "4 MB for the entire request". AWS documents no 4 MiB reading
 * of it, so the sum of record sizes per call stays within 4,000,000 bytes.
 */
export const MAX_BATCH_BYTES = 4_000_000;
/** Ingestion is billed per record, each rounded up to the next 5 KB. */
export const BILLING_UNIT_BYTES = 5 * 1024;

/** Buffering hints: the same meaning and ranges as Firehose's S3 destination. */
export const BUFFER_SIZE_MIB = { min: 1, max: 128, default: 5 } as const;
export const BUFFER_INTERVAL_SECONDS = { min: 0, max: 900, default: 300 } as const;

/** Billed 5 KB units for one record of `bytes` bytes. */
export function billedUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / BILLING_UNIT_BYTES));
}

/** CreateDeliveryStream's naming rule for a delivery stream. */
const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;

/** Why `name` cannot name a delivery stream ("must be …", to follow the setting's name), or undefined. */
export function deliveryStreamNameProblem(name: string): string | undefined {
  return DELIVERY_STREAM_NAME.test(name) ? undefined : 'must be 1-64 characters of letters, digits, "_", "." or "-"';
}
