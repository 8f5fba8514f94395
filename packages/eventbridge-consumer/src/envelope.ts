// Unwrapping one SQS message from the Stripe EventBridge path. The message body is the EventBridge event
// as JSON text: { version, id, "detail-type", source, account, time, region, resources, detail }, where
// `source` is Stripe's partner event source, `detail-type` the Stripe event type and `detail` the Stripe
// event itself (snapshot or thin). stripe-node 23's constructEventWithoutVerification and
// parseEventNotificationWithoutVerification do `JSON.parse(payload).detail` and nothing more; this also
// checks the envelope, and keeps the detail's exact text, which they cannot give.
import { EventShapeError, summariseEvent, type EventSummary } from '@event-lake/lake-format';
import { memberValueRange } from './json-member-text.js';
import { STRIPE_PARTNER_SOURCE_PREFIX } from './partner-source.js';

/** Not a Stripe event in an EventBridge envelope: never archived, left to end in the dead-letter queue. */
export class MalformedEnvelopeError extends Error {
  override name = 'MalformedEnvelopeError';
}

export interface StripeEnvelope {
  /** EventBridge's id of this event: the same on every redelivery of the same envelope. */
  readonly eventBridgeId: string;
  readonly source: string;
  /** The `detail` member exactly as the message text carried it. */
  readonly detailText: string;
  readonly event: EventSummary;
}

export interface UnwrapOptions {
  /** When set, the only partner event source accepted (the one the deployment's bus is associated with). */
  readonly expectedSource?: string | undefined;
}

const EVENTBRIDGE_ID = /^[A-Za-z0-9-]{1,128}$/;

/** Throws MalformedEnvelopeError naming the first thing that is wrong. */
export function unwrapEnvelope(messageBody: string, options: UnwrapOptions = {}): StripeEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(messageBody);
  } catch {
    throw new MalformedEnvelopeError('message body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedEnvelopeError('message body is not a JSON object');
  }
  const envelope = parsed as Record<string, unknown>;
  const id = envelope['id'];
  if (typeof id !== 'string' || !EVENTBRIDGE_ID.test(id)) throw new MalformedEnvelopeError('envelope "id" is not an EventBridge event id');
  const source = envelope['source'];
  if (typeof source !== 'string' || !source.startsWith(STRIPE_PARTNER_SOURCE_PREFIX)) {
    throw new MalformedEnvelopeError(`envelope "source" is not a Stripe partner event source (${STRIPE_PARTNER_SOURCE_PREFIX}…)`);
  }
  if (options.expectedSource !== undefined && source !== options.expectedSource) {
    throw new MalformedEnvelopeError(`envelope "source" is ${source}, not the configured ${options.expectedSource}`);
  }
  const detail = envelope['detail'];
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new MalformedEnvelopeError('envelope "detail" is not an object');
  }
  let event: EventSummary;
  try {
    event = summariseEvent(detail);
  } catch (error) {
    if (error instanceof EventShapeError) throw new MalformedEnvelopeError(`envelope "detail" is not a Stripe event: ${error.message}`);
    throw error;
  }
  if (envelope['detail-type'] !== event.type) {
    throw new MalformedEnvelopeError('envelope "detail-type" differs from the event type in "detail"');
  }
  const range = memberValueRange(messageBody, 'detail');
  if (!range) throw new Error('"detail" parsed but was not found in the text'); // cannot happen: it parsed
  return { eventBridgeId: id, source, detailText: messageBody.slice(range.start, range.end), event };
}
