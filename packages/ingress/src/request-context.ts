// What the handlers learn about a request, kept on the answer with a type, for the access log and metrics.
import type { ServerResponse } from 'node:http';

export interface RequestLocals {
  requestId: string;
  startedAt: number;
  /** The route's path when one matched (variants such as a trailing slash or upper case are folded), else the URL's path. */
  path: string;
  /** A POST to the webhook route, whatever the answer: counted in ingress_webhook_requests_total. */
  webhook?: boolean;
  eventId?: string;
  eventType?: string;
  /** Which configured secret verified the signature: shows when an old secret of a rotation stops being used. */
  secretIndex?: number;
  errorCode?: string;
  /**
   * A webhook request carrying a parseable Stripe-Signature header (true; verified or not), or none
   * (false): refusals of the former may be Stripe's deliveries, the latter are anonymous.
   */
  signed?: boolean;
}

export function requestLocals(res: ServerResponse): RequestLocals {
  const r = res as ServerResponse & { locals?: object };
  r.locals ??= Object.create(null) as object;
  return r.locals as RequestLocals;
}
