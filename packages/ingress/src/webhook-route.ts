// POST /webhook/stripe: cheap checks on the headers (shutting down, Content-Type, declared length, the
// Stripe-Signature header parsed once), then the delivery (webhook-delivery.ts), then Firehose. The answer
// is 200 only after Firehose acknowledged every record holding this delivery's lines.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FirehoseWriter } from '@event-lake/firehose-writer';
import { ServiceUnavailableError, UnsupportedMediaTypeError } from './errors.js';
import { checkDeclaredLength } from './read-body.js';
import { requestLocals } from './request-context.js';
import { sendJson } from './send-json.js';
import { parseSignatureHeader, type ParsedSignatureHeader } from './stripe-signature.js';
import { receiveDelivery, type DeliveryOptions } from './webhook-delivery.js';

export interface WebhookRouteOptions extends DeliveryOptions {
  requestDeadlineMs: number;
  writer: FirehoseWriter;
  now: () => number;
  newDeliveryId?: () => string;
  isShuttingDown: () => boolean;
}

export function webhookHandler(options: WebhookRouteOptions) {
  const newDeliveryId = options.newDeliveryId ?? randomUUID;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = options.now();
    const started = performance.now(); // the deadline runs on a monotonic clock, whatever `now` says
    const locals = requestLocals(res);
    const value = req.headers['stripe-signature'];
    const header = Array.isArray(value) ? value.join(',') : value;
    // Parsed first, so that every refusal below is logged as signed (a parseable Stripe-Signature: perhaps
    // Stripe) or anonymous; a missing or malformed header is refused only after the other header checks.
    // Verification reuses the parse.
    let parsed: ParsedSignatureHeader | undefined;
    let headerError: unknown;
    try {
      parsed = parseSignatureHeader(header);
    } catch (error) {
      headerError = error;
    }
    locals.signed = parsed !== undefined;
    if (options.isShuttingDown()) throw new ServiceUnavailableError('shutting_down', 'the ingress is shutting down; retry later', 1);
    checkContentType(req.headers['content-type']);
    checkDeclaredLength(req, options.bodyLimitBytes);
    if (parsed === undefined) throw headerError; // before reading the body

    const delivery = await receiveDelivery(req, { header: header ?? '', parsed, receivedAt, deliveryId: newDeliveryId() }, options);
    locals.eventId = delivery.eventId;
    locals.eventType = delivery.eventType;
    locals.secretIndex = delivery.secretIndex;
    await options.writer.write(delivery.lines, { timeoutMs: options.requestDeadlineMs - (performance.now() - started) });
    sendJson(res, 200, { received: true, id: delivery.eventId });
  };
}

/** What Stripe sends, accepted without parsing (the general check splits and trims on every request). */
const STRIPE_CONTENT_TYPES = new Set(['application/json; charset=utf-8', 'application/json']);

/** Stripe sends `application/json; charset=utf-8`; anything else is refused before reading the body. */
function checkContentType(value: string | undefined): void {
  if (value !== undefined && STRIPE_CONTENT_TYPES.has(value)) return;
  if (!value) throw new UnsupportedMediaTypeError();
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') throw new UnsupportedMediaTypeError();
  for (const param of params) {
    const [key, val] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (key === 'charset' && val !== 'utf-8' && val !== 'utf8') throw new UnsupportedMediaTypeError();
  }
}
