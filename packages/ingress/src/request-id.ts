// The request id: the caller's X-Request-Id when it is a safe token, else a fresh UUID. Set on the answer
// and kept with the start time for the access log.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLocals } from './request-context.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function beginRequest(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const locals = requestLocals(res);
  locals.requestId = requestId;
  locals.startedAt = startedAt;
  res.setHeader('x-request-id', requestId);
}
