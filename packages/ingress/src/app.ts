// createApp(deps): the HTTP surface as a node:http request listener that never listens (main.ts and tests
// do that). Every request takes the same way in: request id, route, handler; the access log runs when the
// answer is sent, and every failure is answered by the one error mapping.
import type { RequestListener } from 'node:http';
import type { FirehoseWriter } from '@event-lake/firehose-writer';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createAccessLog } from './access-log.js';
import { ByteBudget } from './byte-budget.js';
import { DEFAULT_BODY_GRACE_MS, type IngressConfig } from './config.js';
import { createErrorAnswer } from './error-mapping.js';
import type { IngressMetrics } from './metrics.js';
import { readinessHandler } from './readiness.js';
import { requestLocals } from './request-context.js';
import { beginRequest } from './request-id.js';
import { matchRoute, type Handler, type Method, type RouteTable } from './routes.js';
import { sendJson } from './send-json.js';
import { webhookHandler } from './webhook-route.js';

export { WEBHOOK_PATH };

export interface AppDeps {
  config: Pick<IngressConfig, 'webhookSecrets' | 'bodyLimitBytes' | 'requestDeadlineMs' | 'signatureToleranceSeconds' | 'maxInFlightBytes'>
    & Partial<Pick<IngressConfig, 'bodyGraceMs' | 'opsEndpoints'>>;
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

export function createApp(deps: AppDeps): RequestListener {
  const now = deps.now ?? Date.now;
  const routes = routeTable(deps, now);
  const accessLog = createAccessLog({ logger: deps.logger, metrics: deps.metrics, now });
  const answerError = createErrorAnswer(deps);
  return (req, res) => {
    beginRequest(req, res, now());
    res.on('finish', accessLog);
    const { path, handler } = matchRoute(routes, req.method, req.url);
    const locals = requestLocals(res);
    locals.path = path;
    locals.webhook = path === WEBHOOK_PATH && req.method === 'POST';
    try {
      const done = handler(req, res);
      if (done) done.catch((error: unknown) => answerError(error, req, res));
    } catch (error) {
      answerError(error, req, res);
    }
  };
}

function routeTable(deps: AppDeps, now: () => number): RouteTable {
  const isShuttingDown = deps.isShuttingDown ?? (() => false);
  const { metrics } = deps;
  const bodyBudget = new ByteBudget(deps.config.maxInFlightBytes, {
    evictAfterMs: deps.config.bodyGraceMs ?? DEFAULT_BODY_GRACE_MS,
    onChange: (used) => metrics.recordInFlightBytes('body', used),
    onRefuse: () => metrics.shed.inc({ stage: 'body' }),
  });
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
  const table = new Map<string, Partial<Record<Method, Handler>>>([
    [WEBHOOK_PATH, { POST: webhook }],
    ['/health', { GET: (_req, res) => sendJson(res, 200, { status: 'ok' }) }],
  ]);
  // INGRESS_OPS_ENDPOINTS=off: /ready and /metrics are not routes at all, so they answer 404 like any unknown path.
  if (deps.config.opsEndpoints ?? true) {
    table.set('/ready', {
      GET: readinessHandler({
        writer: deps.writer, now, isShuttingDown, cacheMs: deps.readyCacheMs ?? 2000, timeoutMs: deps.readyTimeoutMs ?? 1000,
      }),
    });
    table.set('/metrics', {
      GET: async (_req, res) => {
        const text = await deps.registry.metrics();
        res.writeHead(200, { 'Content-Type': deps.registry.contentType, 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      },
    });
  }
  return table;
}
