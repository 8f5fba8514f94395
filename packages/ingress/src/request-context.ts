// What the handlers learn about a request, kept on res.locals with a type, for the access log and metrics.
// Works on a plain ServerResponse too (the webhook's fast path does not go through Express).
import type { ServerResponse } from 'node:http';

export interface RequestLocals {
  requestId: string;
  startedAt: number;
  eventId?: string;
  eventType?: string;
  /** Which configured secret verified the signature: shows when an old secret of a rotation stops being used. */
  secretIndex?: number;
  errorCode?: string;
}

export function requestLocals(res: ServerResponse): RequestLocals {
  const r = res as ServerResponse & { locals?: object };
  r.locals ??= Object.create(null) as object;
  return r.locals as RequestLocals;
}
