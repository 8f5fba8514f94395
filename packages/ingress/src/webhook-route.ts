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
import { parseSignatureHeader } from './stripe-signature.js';
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
    if (options.isShuttingDown()) throw new ServiceUnavailableError('shutting_down', 'the ingress is shutting down; retry later', 1);
    checkContentType(req.headers['content-type']);
    checkDeclaredLength(req, options.bodyLimitBytes);
    const value = req.headers['stripe-signature'];
    const header = Array.isArray(value) ? value.join(',') : value;
    // Fails fast on a missing or malformed header, before reading the body; verification reuses the parse.
    const parsed = parseSignatureHeader(header);

    const delivery = await receiveDelivery(req, { header: header ?? '', parsed, receivedAt, deliveryId: newDeliveryId() }, options);
    const locals = requestLocals(res);
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
