// POST /webhook/stripe: raw bytes -> signature -> strict UTF-8 -> JSON -> event shape -> archive lines ->
// Firehose. The signature is checked on the exact received text before anything parses it, and the
// answer is 200 only after Firehose acknowledged every record holding this delivery's lines.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventShapeError, decodeUtf8Exact, summariseEvent, toArchiveLines, type EventSummary } from '@event-lake/lake-format';
import { BadRequestError, ServiceUnavailableError, UnsupportedMediaTypeError } from './errors.js';
import { WriterClosedError, WriterOverloadedError, WriterTimeoutError, type FirehoseWriter } from './firehose-writer.js';
import { checkDeclaredLength, readBody } from './read-body.js';
import type { ByteBudget } from './byte-budget.js';
import { parseSignatureHeader, verifyStripeSignature } from './stripe-signature.js';
import { requestLocals } from './request-context.js';
import { sendJson } from './send-json.js';

export interface WebhookRouteOptions {
  secrets: readonly string[];
  toleranceSeconds: number;
  bodyLimitBytes: number;
  requestDeadlineMs: number;
  bodyBudget: ByteBudget;
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
    const header = req.headers['stripe-signature'];
    const signatureHeader = Array.isArray(header) ? header.join(',') : header;
    parseSignatureHeader(signatureHeader); // fail fast on a missing or malformed header, before reading the body

    const lease = await readBody(req, options.bodyLimitBytes, options.bodyBudget);
    try {
      if (lease.bytes.length === 0) throw new BadRequestError('empty_body', 'the request body is empty');
      let text: string;
      try {
        text = decodeUtf8Exact(lease.bytes);
      } catch {
        throw new BadRequestError('invalid_utf8', 'the body is not valid UTF-8');
      }
      const { secretIndex } = verifyStripeSignature(text, signatureHeader, {
        secrets: options.secrets,
        toleranceSeconds: options.toleranceSeconds,
        now: receivedAt,
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
      const locals = requestLocals(res);
      locals.eventId = event.id;
      locals.eventType = event.type;
      locals.secretIndex = secretIndex;
      const lines = toArchiveLines({
        source: 'webhook',
        deliveryId: newDeliveryId(),
        receivedAt: new Date(receivedAt),
        signature: signatureHeader ?? null,
        body: text,
        event,
      });
      try {
        await options.writer.write(lines, { timeoutMs: options.requestDeadlineMs - (performance.now() - started) });
      } catch (error) {
        throw storageError(error);
      }
      sendJson(res, 200, { received: true, id: event.id });
    } finally {
      lease.release();
    }
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

function storageError(error: unknown): Error {
  if (error instanceof WriterOverloadedError) {
    return new ServiceUnavailableError('overloaded', 'too many events waiting for storage; retry later', 1);
  }
  if (error instanceof WriterTimeoutError) {
    return new ServiceUnavailableError('storage_timeout', 'storage did not acknowledge the event in time; retry later', 5);
  }
  if (error instanceof WriterClosedError) {
    return new ServiceUnavailableError('shutting_down', 'the ingress is shutting down; retry later', 1);
  }
  return error instanceof Error ? error : new Error(String(error));
}
