// The archive lines of one backfilled event: the same record the ingress writes for a webhook delivery,
// with source 'backfill', no signature, and the event as the Events API returned it as the body.
import { createHash } from 'node:crypto';
import { summariseEvent, toArchiveLines } from '@event-lake/lake-format';

/** Fixed namespace of backfill delivery ids (a random UUID chosen once; never change it). */
const BACKFILL_NAMESPACE = '6f1c8a52-3d0e-4b7a-9c55-0d2e8f4b1a77';

/**
 * Backfill lines for one event. The body is the event object re-serialised the way Stripe sends it
 * (pretty-printed, two spaces): the API's JSON text with its key order, not the bytes of a webhook
 * delivery, so there is no signature to keep. Throws EventShapeError if it is not a Stripe event.
 *
 * The delivery id is derived from the event id (a name-based UUID), so backfilling the same event
 * twice (for example before Firehose delivered the first attempt) yields the same delivery, not a new one.
 */
export function backfillLines(event: unknown, receivedAt: Date, maxLineBytes?: number): string[] {
  const summary = summariseEvent(event);
  return toArchiveLines({
    source: 'backfill',
    deliveryId: backfillDeliveryId(summary.id),
    receivedAt,
    signature: null,
    body: JSON.stringify(event, null, 2),
    event: summary,
  }, maxLineBytes);
}

/** RFC 9562 version-5 UUID of the event id in the backfill namespace. */
export function backfillDeliveryId(eventId: string): string {
  return nameBasedUuid(BACKFILL_NAMESPACE, eventId);
}

/** RFC 9562 version-5 (SHA-1, name-based) UUID of `name` in `namespace`: the same name, the same id. */
export function nameBasedUuid(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
