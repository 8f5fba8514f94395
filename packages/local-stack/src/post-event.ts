// Posts one signed event to a webhook URL and describes the outcome in one line.
import { stripeSignatureHeader } from '@event-lake/ingress/stripe-signature';
import type { SampleEvent } from '@event-lake/stripe-samples';

export interface PostResult {
  event: SampleEvent;
  ok: boolean;
  status: number | undefined;
  ms: number;
  /** The ingress's `{ error: { code, message } }`, or the network error. */
  detail: string;
}

export async function postEvent(url: string, event: SampleEvent, secret: string, timeoutMs = 10_000): Promise<PostResult> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': stripeSignatureHeader(event.body, secret), 'user-agent': 'event-lake send-event' },
      body: event.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let detail = '';
    if (!res.ok) {
      try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        detail = error ? `${error.code ?? ''}: ${error.message ?? ''}` : text.slice(0, 200);
      } catch {
        detail = text.slice(0, 200);
      }
    }
    return { event, ok: res.ok, status: res.status, ms: performance.now() - started, detail };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { event, ok: false, status: undefined, ms: performance.now() - started, detail: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}

export function formatResult(r: PostResult): string {
  const status = r.status === undefined ? 'ERR' : String(r.status);
  const tail = r.ok ? 'stored' : r.detail;
  return `${r.ok ? 'ok  ' : 'FAIL'} ${status} ${r.event.type.padEnd(40)} ${r.event.id}  ${Math.round(r.ms)} ms  ${tail}`;
}
