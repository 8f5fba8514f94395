// One log line per webhook request and per refused request, and the webhook requests counter, written
// when the answer has been sent. Health, readiness and metrics scrapes that succeed stay out of the log.
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IngressMetrics } from './metrics.js';
import { requestLocals } from './request-context.js';

export interface AccessLogDeps {
  logger: Logger;
  metrics: IngressMetrics;
  now: () => number;
}

/** A 'finish' listener, shared by every answer (`this` is the answer, `this.req` its request). */
export function createAccessLog(deps: AccessLogDeps): (this: ServerResponse) => void {
  return function onFinish(this: ServerResponse): void {
    const res = this;
    const locals = requestLocals(res);
    if (locals.webhook) {
      const outcome = res.statusCode === 200 ? 'stored' : res.statusCode === 503 ? 'unavailable' : res.statusCode < 500 ? 'rejected' : 'error';
      deps.metrics.countRequest(outcome, locals.errorCode ?? 'none');
    } else if (res.statusCode < 400) {
      return;
    }
    // reqId is a field of the line rather than a per-request pino child: a child serialises its bindings
    // when created, a cost paid on every request for what is one line per request.
    const line = {
      reqId: locals.requestId,
      method: res.req.method,
      path: locals.path,
      status: res.statusCode,
      code: locals.errorCode,
      signed: locals.signed,
      eventId: locals.eventId,
      eventType: locals.eventType,
      secretIndex: locals.secretIndex,
      durationMs: deps.now() - locals.startedAt,
    };
    if (res.statusCode >= 500 && res.statusCode !== 503) deps.logger.error(line, 'request failed');
    else if (res.statusCode >= 400) deps.logger.warn(line, 'request refused');
    else deps.logger.info(line, 'event stored');
  };
}
