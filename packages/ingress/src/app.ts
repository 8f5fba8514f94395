// createApp(deps): the HTTP surface as a request listener that never listens (main.ts and tests do that).
// Express serves every route; the webhook's exact URL skips Express's router (see fastWebhook below).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DEFAULT_BODY_GRACE_MS, type IngressConfig } from './config.js';
import { ByteBudget } from './byte-budget.js';
import { HttpError, MethodNotAllowedError, NotFoundError } from './errors.js';
import type { FirehoseWriter } from './firehose-writer.js';
import type { IngressMetrics } from './metrics.js';
import { requestLocals } from './request-context.js';
import { sendJson } from './send-json.js';
import { SignatureVerificationError } from './stripe-signature.js';
import { webhookHandler } from './webhook-route.js';

export const WEBHOOK_PATH = '/webhook/stripe';

export interface AppDeps {
  config: Pick<IngressConfig, 'webhookSecrets' | 'bodyLimitBytes' | 'requestDeadlineMs' | 'signatureToleranceSeconds' | 'maxInFlightBytes'>
    & Partial<Pick<IngressConfig, 'bodyGraceMs'>>;
  writer: FirehoseWriter;
  logger: Logger;
  registry: Registry;
  metrics: IngressMetrics;
  now?: () => number;
  newDeliveryId?: () => string;
  isShuttingDown?: () => boolean;
  /** How long a /ready answer is reused, and how long its DescribeDeliveryStream may take. */
  readyCacheMs?: number;
  readyTimeoutMs?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createApp(deps: AppDeps): RequestListener {
  const now = deps.now ?? Date.now;
  const isShuttingDown = deps.isShuttingDown ?? (() => false);
  const { metrics } = deps;
  const bodyBudget = new ByteBudget(deps.config.maxInFlightBytes, {
    evictAfterMs: deps.config.bodyGraceMs ?? DEFAULT_BODY_GRACE_MS,
    onChange: (used) => metrics.recordInFlightBytes('body', used),
    onRefuse: () => metrics.shed.inc({ stage: 'body' }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  /** Request id, start time and the access log, for every request on either path. */
  const beginRequest = (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const locals = requestLocals(res);
    locals.requestId = requestId;
    locals.startedAt = now();
    res.setHeader('x-request-id', requestId);
    res.on('finish', onFinish);
  };

  app.use((req: Request, res: Response, next: NextFunction) => {
    beginRequest(req, res);
    next();
  });

  // One shared listener rather than a new closure per request (res.req is the request).
  function onFinish(this: ServerResponse): void {
    accessLog(this.req, this);
  }

  const accessLog = (req: IncomingMessage, res: ServerResponse) => {
    const locals = requestLocals(res);
    const path = pathOf(req);
    const isWebhook = path === WEBHOOK_PATH && req.method === 'POST';
    if (isWebhook) {
      const outcome = res.statusCode === 200 ? 'stored' : res.statusCode === 503 ? 'unavailable' : res.statusCode < 500 ? 'rejected' : 'error';
      metrics.requests.inc({ outcome, code: locals.errorCode ?? 'none' });
    } else if (res.statusCode < 400) {
      return; // health, readiness and metrics scrapes stay out of the log
    }
    // reqId is a field of the line rather than a per-request pino child: a child serialises its bindings
    // when created, a cost paid on every request for what is one line per request.
    const line = {
      reqId: locals.requestId,
      method: req.method,
      path,
      status: res.statusCode,
      code: locals.errorCode,
      eventId: locals.eventId,
      eventType: locals.eventType,
      secretIndex: locals.secretIndex,
      durationMs: now() - locals.startedAt,
    };
    if (res.statusCode >= 500 && res.statusCode !== 503) deps.logger.error(line, 'request failed');
    else if (res.statusCode >= 400) deps.logger.warn(line, 'request refused');
    else deps.logger.info(line, 'event stored');
  };

  const webhook = webhookHandler({
    secrets: deps.config.webhookSecrets,
    toleranceSeconds: deps.config.signatureToleranceSeconds,
    bodyLimitBytes: deps.config.bodyLimitBytes,
    requestDeadlineMs: deps.config.requestDeadlineMs,
    bodyBudget,
    writer: deps.writer,
    now,
    isShuttingDown,
    ...(deps.newDeliveryId ? { newDeliveryId: deps.newDeliveryId } : {}),
  });
  // Still routed by Express for the URLs Express also matches (query string, trailing slash, case).
  app.post(WEBHOOK_PATH, webhook);
  app.all(WEBHOOK_PATH, () => {
    throw new MethodNotAllowedError('POST');
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const readyCacheMs = deps.readyCacheMs ?? 2000;
  const readyTimeoutMs = deps.readyTimeoutMs ?? 1000;
  let readyCache: { at: number; ready: boolean; detail: string } | undefined;
  app.get('/ready', async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ error: { code: 'shutting_down', message: 'the ingress is shutting down' } });
      return;
    }
    if (!readyCache || now() - readyCache.at > readyCacheMs) {
      try {
        const status = await deps.writer.describe(AbortSignal.timeout(readyTimeoutMs));
        readyCache = { at: now(), ready: status.streamStatus === 'ACTIVE', detail: status.streamStatus };
      } catch (error) {
        readyCache = { at: now(), ready: false, detail: error instanceof Error ? error.name : 'unknown error' };
      }
    }
    if (readyCache.ready) res.json({ status: 'ready', stream: readyCache.detail });
    else res.status(503).json({ error: { code: 'stream_not_ready', message: `delivery stream not ready: ${readyCache.detail}` } });
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.registry.contentType);
    res.send(await deps.registry.metrics());
  });

  app.use(() => {
    throw new NotFoundError();
  });

  // The one error handler: known errors keep their status and code, anything else is a logged 500.
  const answerError = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    const locals = requestLocals(res);
    let httpError: HttpError;
    if (error instanceof HttpError) {
      httpError = error;
    } else if (error instanceof SignatureVerificationError) {
      metrics.verificationFailures.inc({ reason: error.reason });
      httpError = new HttpError(400, error.reason, error.message);
    } else {
      deps.logger.error({ reqId: locals.requestId, err: error }, 'unexpected error');
      httpError = new HttpError(500, 'internal_error', 'internal error');
    }
    locals.errorCode = httpError.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // An unread body (refused early, or cut off) is not drained: the connection closes after the answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (httpError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(httpError.retryAfterSeconds));
    if (error instanceof MethodNotAllowedError) res.setHeader('Allow', error.allow);
    sendJson(res, httpError.statusCode, { error: { code: httpError.code, message: httpError.message } });
  };
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => answerError(error, req, res));

  // POST to the webhook's exact URL, nearly every request the ingress serves, goes straight to its handler:
  // Express's per-request setup and router (prototype swaps on req/res, a final handler, matching every
  // layer) cost ≈ 0.09 ms of CPU per event, a quarter of the whole ingress's (docs/benchmarks.md).
  // Same handler, same request id, access log, metrics and error answers.
  const fastWebhook = (req: IncomingMessage, res: ServerResponse) => {
    beginRequest(req, res);
    webhook(req, res).catch((error: unknown) => answerError(error, req, res));
  };
  return (req, res) => {
    if (req.method === 'POST' && req.url === WEBHOOK_PATH) fastWebhook(req, res);
    else app(req, res);
  };
}

/** Express's req.path when Express routed the request; the fast path takes only the exact webhook URL. */
function pathOf(req: IncomingMessage): string {
  return (req as Partial<Request>).path ?? req.url ?? '';
}
