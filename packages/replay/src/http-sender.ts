// One delivery attempt: POST the archived bytes, unchanged, to the consumer's URL with a fresh signature.
// The outcome says whether it was accepted (2xx), and if not, what to report and when the consumer asked
// us to come back (Retry-After). Nothing here retries; replay-run.ts does.
import { formatSeconds } from '@event-lake/cli-kit';
import { stripeSignatureHeader } from '@event-lake/ingress/stripe-signature';
import type { ReplayEvent } from './select-events.js';

export const USER_AGENT = 'event-lake-replay/0.1 (re-delivery of archived Stripe events)';

export type AttemptOutcome =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      /** The HTTP status, or a short reason when there was no answer (`timeout after 10 s`, `ECONNREFUSED`). */
      readonly status: number | string;
      /** From Retry-After, when the consumer sent one. */
      readonly retryAfterMs?: number;
    };

/** The seam the replay drives: tests pass a recording fake, the CLI this HTTP sender. */
export type Sender = (event: ReplayEvent) => Promise<AttemptOutcome>;

export interface HttpSenderOptions {
  readonly url: URL;
  readonly secret: string;
  /** Per attempt, from the start of the request to the end of the answer's headers. */
  readonly timeoutMs: number;
  readonly now?: () => number;
}

export function createHttpSender(options: HttpSenderOptions): Sender {
  const now = options.now ?? Date.now;
  return async (event) => {
    const text = event.body.toString('utf8');
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        body: event.body,
        redirect: 'manual',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': stripeSignatureHeader(text, options.secret, new Date(now())),
          'user-agent': USER_AGENT,
        },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      // Read the answer to the end so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      const retryAfterMs = retryAfter(response.headers.get('retry-after'), now());
      return { ok: false, status: response.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    } catch (err) {
      return { ok: false, status: failureReason(err, options.timeoutMs) };
    }
  };
}

function failureReason(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timeout after ${formatSeconds(timeoutMs)}`;
  return e.cause?.code ?? e.message;
}

/** Retry-After as delay-seconds or an HTTP date. */
function retryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
