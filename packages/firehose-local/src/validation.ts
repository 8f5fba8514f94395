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
 * returns a view per record. Blobs in the AWS JSON protocol are standard base64 (RFC 4648 section 4), and
 * Node's decoder is lenient in two ways: it skips characters outside the alphabet, which the comparison of
 * bytes written with the bytes the text implies catches, and it also decodes the URL-safe alphabet
 * (`-`, `_`), which that count cannot see, so those two are refused by name first.
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
    // Two native character searches: no per-character JS loop over up to 1.3 MB of text per record.
    const urlSafe = data.indexOf('-') !== -1 ? '-' : data.indexOf('_') !== -1 ? '_' : undefined;
    if (urlSafe) throw notBase64(where(i), `invalid Base64 character '${urlSafe}' (only standard base64 is accepted, not URL-safe)`);
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

/** The `__type` a strict AWS JSON service answers for a blob it cannot decode (as kinesalite mirrors Kinesis). */
function notBase64(where: string, why = 'not valid base64'): FirehoseError {
  return new FirehoseError('SerializationException', `Value at '${where}.data' can not be converted to a Blob: ${why}`);
}
