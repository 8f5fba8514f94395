// The archive lines of one envelope: the same record as a webhook delivery, with source 'eventbridge',
// no signature, the EventBridge event id as delivery id (a redelivered envelope repeats its delivery
// instead of inventing another) and the envelope's detail text as the body.
import { toArchiveLines } from '@event-lake/lake-format';
import type { StripeEnvelope } from './envelope.js';

export function eventBridgeLines(envelope: StripeEnvelope, receivedAt: Date, maxLineBytes?: number): string[] {
  return toArchiveLines({
    source: 'eventbridge',
    deliveryId: envelope.eventBridgeId,
    receivedAt,
    signature: null,
    body: envelope.detailText,
    event: envelope.event,
  }, maxLineBytes);
}
