// GET /ready: 200 while the delivery stream is ACTIVE. The answer is reused for `cacheMs`; when it is stale,
// one DescribeDeliveryStream is in flight at a time and every request waiting for it shares its result.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FirehoseWriter } from '@event-lake/firehose-writer';
import { sendJson } from './send-json.js';

export interface ReadinessDeps {
  writer: Pick<FirehoseWriter, 'describe'>;
  now: () => number;
  isShuttingDown: () => boolean;
  /** How long an answer is reused, and how long its DescribeDeliveryStream may take. */
  cacheMs: number;
  timeoutMs: number;
}

interface Readiness {
  at: number;
  ready: boolean;
  detail: string;
}

export function readinessHandler(deps: ReadinessDeps) {
  let cached: Readiness | undefined;
  let checking: Promise<Readiness> | undefined;

  const check = async (): Promise<Readiness> => {
    try {
      const status = await deps.writer.describe(AbortSignal.timeout(deps.timeoutMs));
      return { at: deps.now(), ready: status.streamStatus === 'ACTIVE', detail: status.streamStatus };
    } catch (error) {
      return { at: deps.now(), ready: false, detail: error instanceof Error ? error.name : 'unknown error' };
    }
  };

  const current = (): Readiness | Promise<Readiness> => {
    if (cached && deps.now() - cached.at <= deps.cacheMs) return cached;
    checking ??= check().then((result) => {
      cached = result;
      checking = undefined;
      return result;
    });
    return checking;
  };

  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (deps.isShuttingDown()) {
      sendJson(res, 503, { error: { code: 'shutting_down', message: 'the ingress is shutting down' } });
      return;
    }
    const readiness = await current();
    if (readiness.ready) sendJson(res, 200, { status: 'ready', stream: readiness.detail });
    else sendJson(res, 503, { error: { code: 'stream_not_ready', message: `delivery stream not ready: ${readiness.detail}` } });
  };
}
