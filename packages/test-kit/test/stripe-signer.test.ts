// The signer's bodies keep what the ingress tests rely on, now that they come from the one generator.
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { TEST_API_VERSION, THIN_EVENT_TYPE } from '@event-lake/stripe-samples';
import { NOW_MS, NOW_S, SECRET_A, signatureHeader, snapshotEventBody, thinEventBody, TRICKY_TEXT } from '../src/index.js';

describe('snapshotEventBody', () => {
  it('is a pretty-printed payment_intent.succeeded with the fields tests edit or check', () => {
    const body = snapshotEventBody();
    const event = JSON.parse(body) as { id: string; api_version: string; created: number; data: { object: { metadata: Record<string, string> } } };
    expect(body).toBe(JSON.stringify(event, null, 2));
    expect(event).toMatchObject({ object: 'event', type: 'payment_intent.succeeded', api_version: TEST_API_VERSION, created: NOW_S - 10, livemode: false });
    expect(body).toContain('"amount": 2000');
    expect(event.data.object.metadata['note']).toBe(TRICKY_TEXT);
    expect(JSON.parse(snapshotEventBody()).id).not.toBe(event.id);
  });

  it('applies top-level overrides and pads to about the size asked', () => {
    expect(JSON.parse(snapshotEventBody({ id: 'evt_x', description: 'a\u2028b' }))).toMatchObject({ id: 'evt_x', description: 'a\u2028b' });
    for (const size of [3000, 5800, 100_000]) expect(Math.abs(snapshotEventBody({}, size).length - size)).toBeLessThan(40);
  });
});

describe('thinEventBody', () => {
  it('is a thin event for acct_123, created 5 s before the fixed clock', () => {
    expect(JSON.parse(thinEventBody())).toMatchObject({ object: 'v2.core.event', type: THIN_EVENT_TYPE, context: 'acct_123', created: new Date(NOW_MS - 5000).toISOString() });
    expect(JSON.parse(thinEventBody({ created: 'x' }))['created']).toBe('x');
  });
});

describe('signatureHeader', () => {
  it('is HMAC-SHA256 over `${t}.${body}`', () => {
    const body = snapshotEventBody();
    const expected = createHmac('sha256', SECRET_A).update(`${NOW_S}.${body}`).digest('hex');
    expect(signatureHeader(body, SECRET_A)).toBe(`t=${NOW_S},v1=${expected}`);
  });
});
