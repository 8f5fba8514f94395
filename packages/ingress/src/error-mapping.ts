// The one place a failure becomes an answer. Handlers throw HttpErrors (signature failures included); the
// writer's errors are mapped to 503s here; anything else is logged with its stack and answered 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WriterClosedError, WriterOverloadedError, WriterTimeoutError } from '@event-lake/firehose-writer';
import type { Logger } from 'pino';
import { HttpError, MethodNotAllowedError, ServiceUnavailableError } from './errors.js';
import type { IngressMetrics } from './metrics.js';
import { requestLocals } from './request-context.js';
import { sendJson } from './send-json.js';
import { SignatureVerificationError } from './stripe-signature.js';

/** The HttpError a failure is answered with, or undefined when it is unexpected (a 500). */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof WriterOverloadedError) {
    return new ServiceUnavailableError('overloaded', 'too many events waiting for storage; retry later', 1);
  }
  if (error instanceof WriterTimeoutError) {
    return new ServiceUnavailableError('storage_timeout', 'storage did not acknowledge the event in time; retry later', 5);
  }
  if (error instanceof WriterClosedError) {
    return new ServiceUnavailableError('shutting_down', 'the ingress is shutting down; retry later', 1);
  }
  return undefined;
}

export function createErrorAnswer(deps: { logger: Logger; metrics: IngressMetrics }) {
  return (error: unknown, req: IncomingMessage, res: ServerResponse): void => {
    const locals = requestLocals(res);
    let httpError = toHttpError(error);
    if (!httpError) {
      deps.logger.error({ reqId: locals.requestId, err: error }, 'unexpected error');
      httpError = new HttpError(500, 'internal_error', 'internal error');
    }
    if (httpError instanceof SignatureVerificationError) deps.metrics.verificationFailures.inc({ reason: httpError.reason });
    locals.errorCode = httpError.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // An unread body (refused early, or cut off) is not drained: the connection closes after the answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (httpError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(httpError.retryAfterSeconds));
    if (httpError instanceof MethodNotAllowedError) res.setHeader('Allow', httpError.allow);
    sendJson(res, httpError.statusCode, { error: { code: httpError.code, message: httpError.message } });
  };
}
