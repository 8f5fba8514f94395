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
 * Decodes one record's base64 `Data`. Buffer.from skips characters that are not base64, so the decoded
 * length is compared with the length the text implies: a cheap exact check with no per-byte scan in JS.
 */
export function decodeRecord(record: unknown, where: string): Buffer {
  if (typeof record !== 'object' || record === null) {
    throw validation(`1 validation error detected: Value null at '${where}' failed to satisfy constraint: Member must not be null`);
  }
  const data = (record as Record<string, unknown>)['Data'];
  if (typeof data !== 'string') {
    throw validation(`1 validation error detected: Value null at '${where}.data' failed to satisfy constraint: Member must not be null`);
  }
  const bytes = Buffer.from(data, 'base64');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  if (data.length % 4 !== 0 || bytes.length !== (data.length / 4) * 3 - padding) {
    throw new FirehoseError('SerializationException', `Value at '${where}.data' is not valid base64`);
  }
  if (bytes.length > MAX_RECORD_BYTES) {
    throw validation(
      `1 validation error detected: Value at '${where}.data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`,
    );
  }
  return bytes;
}
