// ListDeliveryStreams: the one stream this server hosts, honouring the type filter and the start name.
import { validation } from '../errors.js';
import type { Operation } from '../operation-context.js';

export const listDeliveryStreams: Operation = async (input, ctx) => {
  const type = input['DeliveryStreamType'];
  const start = input['ExclusiveStartDeliveryStreamName'];
  const limit = input['Limit'];
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10000)) {
    throw validation("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");
  }
  const matchesType = type === undefined || type === 'DirectPut';
  const afterStart = typeof start !== 'string' || ctx.streamName > start;
  const names = matchesType && afterStart ? [ctx.streamName] : [];
  return { DeliveryStreamNames: names, HasMoreDeliveryStreams: false };
};
