import { describe, it, expect } from '@jest/globals';
import Stripe from 'stripe';
import { SignatureVerificationError, parseSignatureHeader, verifyStripeSignature } from '../src/stripe-signature.js';
import { NOW_MS, NOW_S, SECRET_A, SECRET_B, SECRET_OTHER, signatureHeader, snapshotEventBody, v1Signature } from '@event-lake/test-kit';

const options = { secrets: [SECRET_A, SECRET_B], toleranceSeconds: 300, now: NOW_MS };

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignatureVerificationError) return error.reason;
    throw error;
  }
  throw new Error('expected a SignatureVerificationError');
}

describe('verifyStripeSignature', () => {
  const body = snapshotEventBody();

  it('accepts a body signed with the first secret and reports which secret matched', () => {
    expect(verifyStripeSignature(body, signatureHeader(body, SECRET_A), options)).toEqual({ timestamp: NOW_S, secretIndex: 0 });
  });

  it('accepts a body signed with the second of two secrets (rotation)', () => {
    expect(verifyStripeSignature(body, signatureHeader(body, SECRET_B), options).secretIndex).toBe(1);
  });

  it('accepts when one of two v1 signatures is valid, in either position', () => {
    const good = v1Signature(body, SECRET_A, NOW_S);
    const bad = v1Signature(body, SECRET_OTHER, NOW_S);
    expect(verifyStripeSignature(body, `t=${NOW_S},v1=${bad},v1=${good}`, options).secretIndex).toBe(0);
    expect(verifyStripeSignature(body, `t=${NOW_S},v1=${good},v1=${bad}`, options).secretIndex).toBe(0);
  });

  it('ignores v0 entries, valid or not', () => {
    const header = `t=${NOW_S},v1=${v1Signature(body, SECRET_A, NOW_S)},v0=${'0'.repeat(64)}`;
    expect(verifyStripeSignature(body, header, options).secretIndex).toBe(0);
  });

  it('agrees with stripe-node on what a valid header is', () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET_B, timestamp: NOW_S });
    expect(header).toBe(signatureHeader(body, SECRET_B));
    expect(verifyStripeSignature(body, header, options).secretIndex).toBe(1);
  });

  it('agrees with stripe-node on the headers it verifies, non-ASCII bodies included', () => {
    const header = signatureHeader(body, SECRET_B);
    expect(Stripe.webhooks.signature?.verifyHeader(body, header, SECRET_B, 0, undefined, NOW_MS)).toBe(true);
    expect(verifyStripeSignature(body, header, options).secretIndex).toBe(1);
    const nonAscii = snapshotEventBody({ description: 'café ☕ 𝄞' });
    expect(verifyStripeSignature(nonAscii, signatureHeader(nonAscii, SECRET_A), options).secretIndex).toBe(0);
  });

  it('compares signatures as Stripe does: lower-case hex text only', () => {
    const sig = v1Signature(body, SECRET_A, NOW_S);
    expect(failure(() => verifyStripeSignature(body, `t=${NOW_S},v1=${sig.toUpperCase()}`, options))).toBe('signature_mismatch');
    expect(failure(() => verifyStripeSignature(body, `t=${NOW_S},v1=${sig.slice(0, 62)}`, options))).toBe('signature_mismatch');
  });

  it('accepts timestamps exactly at the tolerance edges', () => {
    for (const t of [NOW_S - 300, NOW_S + 300]) {
      expect(verifyStripeSignature(body, signatureHeader(body, SECRET_A, t), options).timestamp).toBe(t);
    }
  });

  it.each([
    ['missing header', undefined, 'missing_signature'],
    ['empty header', '', 'missing_signature'],
    ['blank header', '   ', 'missing_signature'],
    ['not key=value pairs', 'garbage', 'malformed_signature'],
    ['no timestamp', `v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['non-numeric timestamp', `t=abc,v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['two timestamps', `t=${NOW_S},t=${NOW_S},v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['oversized header', `t=${NOW_S},${'v1=ab,'.repeat(1000)}`, 'malformed_signature'],
    ['no v1 at all', `t=${NOW_S}`, 'no_v1_signature'],
    ['only v0', `t=${NOW_S},v0=${'a'.repeat(64)}`, 'no_v1_signature'],
  ])('rejects %s', (_name, header, reason) => {
    expect(failure(() => verifyStripeSignature(body, header, options))).toBe(reason);
  });

  it('rejects a signature made with an unknown secret', () => {
    expect(failure(() => verifyStripeSignature(body, signatureHeader(body, SECRET_OTHER), options))).toBe('signature_mismatch');
  });

  it('rejects a body changed after signing, even by one byte', () => {
    const header = signatureHeader(body, SECRET_A);
    expect(failure(() => verifyStripeSignature(`${body} `, header, options))).toBe('signature_mismatch');
    expect(failure(() => verifyStripeSignature(body.replace('2000', '2001'), header, options))).toBe('signature_mismatch');
  });

  it('rejects a header whose timestamp was changed after signing', () => {
    const sig = v1Signature(body, SECRET_A, NOW_S);
    expect(failure(() => verifyStripeSignature(body, `t=${NOW_S + 1},v1=${sig}`, options))).toBe('signature_mismatch');
  });

  it('rejects a validly signed but stale timestamp', () => {
    expect(failure(() => verifyStripeSignature(body, signatureHeader(body, SECRET_A, NOW_S - 301), options))).toBe('timestamp_too_old');
  });

  it('rejects a validly signed timestamp too far in the future (stripe-node would accept it)', () => {
    const header = signatureHeader(body, SECRET_A, NOW_S + 301);
    expect(Stripe.webhooks.signature?.verifyHeader(body, header, SECRET_A, 300, undefined, NOW_MS)).toBe(true);
    expect(failure(() => verifyStripeSignature(body, header, options))).toBe('timestamp_in_future');
  });

  it('reports a forged stale request as a mismatch, not as stale', () => {
    expect(failure(() => verifyStripeSignature(body, signatureHeader(body, SECRET_OTHER, NOW_S - 10_000), options))).toBe('signature_mismatch');
  });

  it('never puts the secret or the signature in its messages', () => {
    const header = signatureHeader(body, SECRET_OTHER);
    let message = '';
    try {
      verifyStripeSignature(body, header, options);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/no v1 signature matches/);
    expect(message).not.toContain(SECRET_A.slice(6));
    expect(message).not.toContain(header.slice(20));
  });
});

describe('parseSignatureHeader', () => {
  it('keeps every v1 and drops other schemes, tolerating spaces', () => {
    expect(parseSignatureHeader(`t=${NOW_S}, v1=aa, v0=bb, v1=cc`)).toEqual({ timestamp: NOW_S, v1: ['aa', 'cc'] });
  });
});
