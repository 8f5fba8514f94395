// Amazon Kinesis Data Firehose service limits (direct PUT), kept as data and imported wherever they matter:
// the ingress batches within them, firehose-local enforces them, the docs quote them.

/** Largest record, before base64 encoding: 1,000 KiB. */
export const MAX_RECORD_BYTES = 1_024_000;
/** PutRecordBatch: at most 500 records per call. */
export const MAX_BATCH_RECORDS = 500;
/** PutRecordBatch: at most 4 MiB per call (sum of record sizes). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Ingestion is billed per record, each rounded up to the next 5 KB. */
export const BILLING_UNIT_BYTES = 5 * 1024;

/** Buffering hints: the same meaning and ranges as Firehose's S3 destination. */
export const BUFFER_SIZE_MIB = { min: 1, max: 128, default: 5 } as const;
export const BUFFER_INTERVAL_SECONDS = { min: 0, max: 900, default: 300 } as const;

/** Billed 5 KB units for one record of `bytes` bytes. */
export function billedUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / BILLING_UNIT_BYTES));
}
