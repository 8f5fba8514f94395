// PutRecordBatch: up to MAX_BATCH_RECORDS records and MAX_BATCH_BYTES per call. The answer is HTTP 200 even
// when some records failed (FailedPutCount > 0, per-record ErrorCode/ErrorMessage): the caller resends those.
// Successful records are acknowledged only once they are on disk.
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '@event-lake/lake-format';
import { invalidArgument, serviceUnavailable, validation } from '../errors.js';
import { decodeRecords, requireStream } from '../validation.js';
import type { Operation } from '../operation-context.js';

type RecordResult = { RecordId: string } | { ErrorCode: string; ErrorMessage: string };

export const putRecordBatch: Operation = async (input, ctx) => {
  requireStream(input, ctx);
  const records = input['Records'];
  if (!Array.isArray(records) || records.length === 0) {
    throw validation("1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  if (records.length > MAX_BATCH_RECORDS) {
    throw validation(
      `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_RECORDS}`,
    );
  }
  const decoded = decodeRecords(records, (i) => `records.${i + 1}.member`);
  let total = 0;
  for (const bytes of decoded) total += bytes.length;
  if (total > MAX_BATCH_BYTES) throw invalidArgument('Records size exceeds 4 MB limit');
  if (ctx.stream.overloaded || ctx.random() < (ctx.faults.failCallRate ?? 0)) throw serviceUnavailable();

  const failRate = ctx.faults.failRecordRate ?? 0;
  const accepted: Buffer[] = [];
  const results: RecordResult[] = new Array<RecordResult>(decoded.length);
  let failed = 0;
  for (let i = 0; i < decoded.length; i++) {
    if (failRate > 0 && ctx.random() < failRate) {
      results[i] = { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
      failed++;
    } else {
      accepted.push(decoded[i]!);
      results[i] = { RecordId: ctx.nextRecordId() };
    }
  }
  await ctx.stream.put(ctx.now(), accepted);
  return { FailedPutCount: failed, Encrypted: false, RequestResponses: results };
};
