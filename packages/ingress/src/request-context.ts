// What the handlers learn about a request, kept on res.locals with a type, for the access log and metrics.
import type { Response } from 'express';

export interface RequestLocals {
  requestId: string;
  startedAt: number;
  eventId?: string;
  eventType?: string;
  /** Which configured secret verified the signature: shows when an old secret of a rotation stops being used. */
  secretIndex?: number;
  errorCode?: string;
}

export function requestLocals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}
