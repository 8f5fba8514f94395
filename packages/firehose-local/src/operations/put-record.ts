// PutRecord: one record, acknowledged once it is on disk.
import { serviceUnavailable } from '../errors.js';
import { decodeRecords, requireStream } from '../validation.js';
import type { Operation } from '../operation-context.js';

export const putRecord: Operation = async (input, ctx) => {
  requireStream(input, ctx);
  const [bytes] = decodeRecords([input['Record']], () => 'record');
  const failRate = Math.max(ctx.faults.failCallRate ?? 0, ctx.faults.failRecordRate ?? 0);
  if (ctx.stream.overloaded || ctx.random() < failRate) throw serviceUnavailable();
  await ctx.stream.put(ctx.now(), [bytes!]);
  return { RecordId: ctx.nextRecordId(), Encrypted: false };
};
