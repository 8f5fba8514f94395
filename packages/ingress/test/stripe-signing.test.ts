// The product signer (replay, send-event) and the secret shape, beside the verifier they must agree with.
import { describe, it, expect } from '@jest/globals';
import Stripe from 'stripe';
import { isSigningSecret, SIGNING_SECRET_EXPECTED, stripeSignatureHeader, verifyStripeSignature } from '../src/stripe-signature.js';
import { NOW_MS, NOW_S, SECRET_A, SECRET_B, snapshotEventBody } from '@event-lake/test-kit';

describe('stripeSignatureHeader', () => {
  it('is t=<seconds>,v1=<HMAC-SHA256 hex of "t.body"> (vector computed with openssl)', () => {
    // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test_secret_0123456789
    expect(stripeSignatureHeader('{"id":"evt_1"}', 'whsec_test_secret_0123456789', new Date(1_700_000_000_500))).toBe(
      't=1700000000,v1=7e9a82a20098cf01f04d9c09f5a7459669bfecf51392ce3adb1445906fceff61',
    );
  });

  it('signs the UTF-8 bytes of the text, as stripe-node signs it, so the ingress and stripe-node both accept it', () => {
    const body = snapshotEventBody(); // non-ASCII, U+2028/2029, escapes
    const header = stripeSignatureHeader(body, SECRET_B, new Date(NOW_MS));
    expect(header).toBe(Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET_B, timestamp: NOW_S }));
    expect(verifyStripeSignature(body, header, { secrets: [SECRET_A, SECRET_B], toleranceSeconds: 300, now: NOW_MS })).toEqual({ timestamp: NOW_S, secretIndex: 1 });
    const stripe = new Stripe('sk_test_unused');
    const event = stripe.webhooks.constructEvent(Buffer.from(body, 'utf8'), header, SECRET_B, 300, undefined, NOW_S);
    expect(event.id).toBe((JSON.parse(body) as { id: string }).id);
  });

  it('signs at the current time unless told otherwise', () => {
    const before = Math.floor(Date.now() / 1000);
    const t = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(stripeSignatureHeader('{}', SECRET_A))?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});

describe('isSigningSecret', () => {
  it('accepts the shapes Stripe issues: whsec_ and base64/hex-like characters, 16 or more', () => {
    for (const secret of [SECRET_A, `whsec_${'0123456789abcdef'.repeat(4)}`, 'whsec_Ab1+/=_-Ab1+/=_-Ab', 'whsec_0123456789abcdef']) {
      expect(isSigningSecret(secret)).toBe(true);
    }
  });

  it('refuses anything else: another kind of key, too short, spaces, a list', () => {
    for (const value of ['', 'whsec_', 'whsec_0123456789abcde', 'sk_live_0123456789abcdef', 'WHSEC_0123456789abcdef', ' whsec_0123456789abcdef', 'whsec_0123456789 abcdef', `${SECRET_A},${SECRET_B}`]) {
      expect(isSigningSecret(value)).toBe(false);
    }
    expect(SIGNING_SECRET_EXPECTED).toBe('"whsec_" followed by at least 16 letters or digits');
  });
});
