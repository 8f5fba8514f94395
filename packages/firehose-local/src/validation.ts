// Input checks shared by the operations, with the error types and wording Firehose uses.
import { MAX_RECORD_BYTES } from '@event-lake/lake-format';
import { FirehoseError, validation } from './errors.js';
import type { OperationContext } from './operation-context.js';

/** Firehose does not reveal account ids locally; this one is what ARNs and not-found messages show. */
export const ACCOUNT_ID = '000000000000';

export function requireStream(input: Record<string, unknown>, ctx: OperationContext): string {
  const name = input['DeliveryStreamName'];
  if (typeof name !== 'string' || name.length === 0) {
    throw validation("1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
  }
  if (name !== ctx.streamName) {
    throw new FirehoseError('ResourceNotFoundException', `Firehose ${name} under account ${ACCOUNT_ID} not found.`);
  }
  return name;
}

/**
 * Decodes the base64 `Data` of every record into one buffer (one allocation per call, not per record) and
 * returns a view per record. Node's base64 decoder skips characters outside the alphabet, so the number of
 * bytes written is compared with the number the text implies: an exact validity check with no JS scan.
 */
export function decodeRecords(records: readonly unknown[], where: (index: number) => string): Buffer[] {
  const texts: string[] = new Array<string>(records.length);
  const sizes: number[] = new Array<number>(records.length);
  let total = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (typeof record !== 'object' || record === null) {
      throw validation(`1 validation error detected: Value null at '${where(i)}' failed to satisfy constraint: Member must not be null`);
    }
    const data = (record as Record<string, unknown>)['Data'];
    if (typeof data !== 'string') {
      throw validation(`1 validation error detected: Value null at '${where(i)}.data' failed to satisfy constraint: Member must not be null`);
    }
    if (data.length % 4 !== 0) throw notBase64(where(i));
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    const size = (data.length / 4) * 3 - padding;
    if (size > MAX_RECORD_BYTES) {
      throw validation(
        `1 validation error detected: Value at '${where(i)}.data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`,
      );
    }
    texts[i] = data;
    sizes[i] = size;
    total += size;
  }
  const payload = Buffer.allocUnsafe(total);
  const views: Buffer[] = new Array<Buffer>(records.length);
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    const size = sizes[i]!;
    if (size > 0 && payload.write(texts[i]!, offset, size, 'base64') !== size) throw notBase64(where(i));
    views[i] = payload.subarray(offset, offset + size);
    offset += size;
  }
  return views;
}

function notBase64(where: string): FirehoseError {
  return new FirehoseError('SerializationException', `Value at '${where}.data' is not valid base64`);
}
