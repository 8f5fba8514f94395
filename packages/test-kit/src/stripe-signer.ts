// Signs payloads exactly as Stripe does (HMAC-SHA256 over `${t}.${body}` with the endpoint secret), with
// node:crypto only, so the tests do not trust the library under test to sign. The events it signs come
// from the one generator, @event-lake/stripe-samples.
import { createHmac } from 'node:crypto';
import { sampleEvent, snapshotEvent, TEST_API_VERSION, THIN_EVENT_TYPE } from '@event-lake/stripe-samples';

export const SECRET_A = 'whsec_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const SECRET_B = 'whsec_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
export const SECRET_OTHER = 'whsec_test_cccccccccccccccccccccccccccccccc';
/** A fixed clock: 2026-01-02T03:04:05Z. */
export const NOW_MS = Date.UTC(2026, 0, 2, 3, 4, 5);
export const NOW_S = Math.floor(NOW_MS / 1000);

export function v1Signature(body: string | Buffer, secret: string, t: number): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

export function signatureHeader(body: string | Buffer, secret: string, t: number = NOW_S): string {
  return `t=${t},v1=${v1Signature(body, secret, t)}`;
}

/** Text every default body carries in its object's metadata: non-ASCII, an emoji, quotes, backslashes, U+2028/2029, a tab. */
export const TRICKY_TEXT = 'Caf\u00e9 cr\u00e8me \u2014 \u{1F600} "quoted" \\ back\\slash \u2028 \u2029 tab\t';

/**
 * The body of a `payment_intent.succeeded` snapshot event from the one generator (@event-lake/stripe-samples),
 * pretty-printed as Stripe sends it: created 10 s before NOW_S, TEST_API_VERSION, amount 2000 (tests edit
 * `"amount": 2000` to break a signature), TRICKY_TEXT in the metadata, a fresh id. `overrides` replace
 * top-level fields; `size` pads the metadata until the body has about that many characters.
 */
export function snapshotEventBody(overrides: Record<string, unknown> = {}, size = 0): string {
  const event = snapshotEvent('payment_intent.succeeded', {
    now: () => new Date(NOW_MS - 10_000), apiVersion: TEST_API_VERSION, metadata: { note: TRICKY_TEXT },
  });
  const object = (event['data'] as { object: Record<string, unknown> }).object;
  object['amount'] = 2000;
  object['amount_received'] = 2000;
  const body = { ...event, ...overrides };
  let text = JSON.stringify(body, null, 2);
  if (size > text.length) {
    (object['metadata'] as Record<string, string>)['padding'] = 'x'.repeat(size - text.length - 20);
    text = JSON.stringify(body, null, 2);
  }
  return text;
}

/** The body of a thin event from the one generator, created 5 s before NOW_MS, for the account `acct_123`. */
export function thinEventBody(overrides: Record<string, unknown> = {}): string {
  const event = JSON.parse(sampleEvent(THIN_EVENT_TYPE, { now: () => new Date(NOW_MS - 5000), account: 'acct_123' }).body) as Record<string, unknown>;
  return JSON.stringify({ ...event, ...overrides }, null, 2);
}
