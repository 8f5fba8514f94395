// Signs payloads exactly as Stripe does (HMAC-SHA256 over `${t}.${body}` with the endpoint secret), with
// node:crypto only, so the tests do not trust the library under test to sign.
import { createHmac } from 'node:crypto';

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

let counter = 0;

/** A pretty-printed snapshot event like Stripe sends (2-space indent), optionally padded to ~`size` bytes. */
export function snapshotEvent(overrides: Record<string, unknown> = {}, size = 0): string {
  counter += 1;
  const event: Record<string, unknown> = {
    id: `evt_test_${counter.toString().padStart(6, '0')}_${Math.random().toString(36).slice(2, 8)}`,
    object: 'event',
    api_version: '2025-09-30.clover',
    created: NOW_S - 10,
    data: {
      object: {
        id: `pi_${counter}`,
        object: 'payment_intent',
        amount: 2000,
        currency: 'eur',
        description: 'Caf\u00e9 cr\u00e8me \u2014 \u{1F600} "quoted" \\ back\\slash \u2028 \u2029 tab\t',
        metadata: {} as Record<string, string>,
      },
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'payment_intent.succeeded',
    ...overrides,
  };
  let text = JSON.stringify(event, null, 2);
  if (size > text.length) {
    const data = event['data'] as { object: { metadata: Record<string, string> } };
    data.object.metadata['padding'] = 'x'.repeat(size - text.length - 20);
    text = JSON.stringify(event, null, 2);
  }
  return text;
}

export function thinEvent(overrides: Record<string, unknown> = {}): string {
  counter += 1;
  return JSON.stringify({
    id: `evt_thin_${counter}_${Math.random().toString(36).slice(2, 8)}`,
    object: 'v2.core.event',
    type: 'v1.billing.meter.error_report_triggered',
    livemode: false,
    created: new Date(NOW_MS - 5000).toISOString(),
    context: 'acct_123',
    related_object: { id: 'mtr_123', type: 'billing.meter', url: '/v1/billing/meters/mtr_123' },
    ...overrides,
  }, null, 2);
}
