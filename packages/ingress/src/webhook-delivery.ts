// One delivery from received bytes to encoded archive lines: strict UTF-8 (once), signature over that text,
// JSON, event shape, lines encoded and measured (once, by lake-format). Only the lines and a few fields
// leave: the body, its text and the parsed JSON are garbage before the caller awaits Firehose, so what a
// request holds while it waits is what the writer's byte budget counts.
import type { IncomingMessage } from 'node:http';
import { EventShapeError, decodeUtf8Exact, encodeArchiveLines, summariseEvent, type EventSummary } from '@event-lake/lake-format';
import type { ByteBudget } from './byte-budget.js';
import { BadRequestError } from './errors.js';
import { readBody } from './read-body.js';
import { verifyStripeSignature, type ParsedSignatureHeader } from './stripe-signature.js';

export interface DeliveryOptions {
  secrets: readonly string[];
  toleranceSeconds: number;
  bodyLimitBytes: number;
  bodyBudget: ByteBudget;
}

export interface SignedRequest {
  /** The Stripe-Signature header as received (archived with the event) and what was parsed from it. */
  header: string;
  parsed: ParsedSignatureHeader;
  receivedAt: number;
  deliveryId: string;
}

export interface Delivery {
  lines: Buffer[];
  eventId: string;
  eventType: string;
  secretIndex: number;
}

/** Reads the body and turns it into a Delivery; the body's bytes go back to the budget before it returns. */
export async function receiveDelivery(req: IncomingMessage, signed: SignedRequest, options: DeliveryOptions): Promise<Delivery> {
  const lease = await readBody(req, options.bodyLimitBytes, options.bodyBudget);
  try {
    return toDelivery(lease.bytes, signed, options);
  } finally {
    lease.release();
  }
}

function toDelivery(bytes: Buffer, signed: SignedRequest, options: DeliveryOptions): Delivery {
  if (bytes.length === 0) throw new BadRequestError('empty_body', 'the request body is empty');
  let text: string;
  try {
    text = decodeUtf8Exact(bytes);
  } catch {
    throw new BadRequestError('invalid_utf8', 'the body is not valid UTF-8');
  }
  const { secretIndex } = verifyStripeSignature(text, signed.parsed, {
    secrets: options.secrets,
    toleranceSeconds: options.toleranceSeconds,
    now: signed.receivedAt,
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadRequestError('invalid_json', 'the body is not JSON');
  }
  let event: EventSummary;
  try {
    event = summariseEvent(json);
  } catch (error) {
    if (error instanceof EventShapeError) throw new BadRequestError('not_a_stripe_event', `not a Stripe event: ${error.message}`);
    throw error;
  }
  const lines = encodeArchiveLines({
    source: 'webhook',
    deliveryId: signed.deliveryId,
    receivedAt: new Date(signed.receivedAt),
    signature: signed.header,
    body: text,
    event,
  });
  return { lines, eventId: event.id, eventType: event.type, secretIndex };
}
