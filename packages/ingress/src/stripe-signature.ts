// Stripe-Signature: the one place the rule lives, both ways. Verification (the ingress) and signing (replay
// and send-event, which must sign exactly as Stripe does) sit side by side, with the shape of a signing secret.
//
// Verification: stripe-node's own primitive (`webhooks.signature.verifyHeader`, which
// computes the HMAC and compares every v1 in constant time) does the cryptography; around it this module
// adds what stripe-node lacks: strict header parsing, several secrets, and a tolerance that rejects
// timestamps too far in the future as well as too old (verifyHeader is called with tolerance 0, which
// skips its own one-sided age check).
//
// The header is parsed here once per request (before the body is read); verifyHeader is handed what was
// parsed, rebuilt without v0, unknown schemes or whitespace. stripe-node's public API takes the header as
// text and splits it again inside verifyHeader (its .d.ts offers no parsed form): that split of ~150
// characters is part of Stripe's own verification and is repeated nowhere else.
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { SIGNATURE_FAILURES, type SignatureFailure } from '@event-lake/lake-format';
import { HttpError } from './errors.js';

export { SIGNATURE_FAILURES, type SignatureFailure };

/** A 400 whose code is the failure reason: the ingress answers and logs it like any other HttpError. */
export class SignatureVerificationError extends HttpError {
  constructor(readonly reason: SignatureFailure, message: string) {
    super(400, reason, message);
  }
}

export interface ParsedSignatureHeader {
  timestamp: number;
  v1: string[];
}

/** Longest header accepted; real ones hold a timestamp and a handful of 64-hex signatures. */
const MAX_HEADER_LENGTH = 4096;

/** Parses `t=<unix>,v1=<hex>[,v1=…][,v0=…]`. Unknown schemes (v0 included) are ignored. */
export function parseSignatureHeader(header: string | undefined): ParsedSignatureHeader {
  if (header === undefined || header.trim() === '') {
    throw new SignatureVerificationError('missing_signature', 'Stripe-Signature header is missing');
  }
  if (header.length > MAX_HEADER_LENGTH) {
    throw new SignatureVerificationError('malformed_signature', `Stripe-Signature header is longer than ${MAX_HEADER_LENGTH} characters`);
  }
  let timestamp: number | undefined;
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new SignatureVerificationError('malformed_signature', 'Stripe-Signature header is not a list of key=value pairs');
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined) throw new SignatureVerificationError('malformed_signature', 'Stripe-Signature header has more than one timestamp');
      if (!/^\d{1,12}$/.test(value)) throw new SignatureVerificationError('malformed_signature', 'Stripe-Signature timestamp is not a unix time');
      timestamp = Number(value);
    } else if (key === 'v1') {
      v1.push(value);
    }
  }
  if (timestamp === undefined) throw new SignatureVerificationError('malformed_signature', 'Stripe-Signature header has no timestamp');
  if (v1.length === 0) throw new SignatureVerificationError('no_v1_signature', 'Stripe-Signature header has no v1 signature');
  return { timestamp, v1 };
}

export interface VerifyOptions {
  secrets: readonly string[];
  toleranceSeconds: number;
  /** Milliseconds since the epoch; injectable so tests use a fixed clock. */
  now: number;
}

export interface Verified {
  timestamp: number;
  /** Index of the secret that matched: tells operators whether the old secret of a rotation is still in use. */
  secretIndex: number;
}

const signature = Stripe.webhooks.signature;

/**
 * Verifies a header (its text, or what parseSignatureHeader made of it) against the exact body text
 * (decoded strictly from the received bytes). Accepts if any v1 matches under any secret and the timestamp
 * lies within ±tolerance of `now`.
 */
export function verifyStripeSignature(body: string, header: string | undefined | ParsedSignatureHeader, options: VerifyOptions): Verified {
  const parsed = typeof header === 'object' ? header : parseSignatureHeader(header);
  if (!signature) throw new Error('stripe-node has no webhook signature helper');
  const canonical = `t=${parsed.timestamp},v1=${parsed.v1.join(',v1=')}`;
  const secretIndex = options.secrets.findIndex((secret) => {
    try {
      return signature.verifyHeader(body, canonical, secret, 0, undefined, options.now);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) return false;
      throw error;
    }
  });
  if (secretIndex < 0) {
    throw new SignatureVerificationError('signature_mismatch', 'no v1 signature matches the body under any configured secret');
  }
  const age = Math.floor(options.now / 1000) - parsed.timestamp;
  if (age > options.toleranceSeconds) {
    throw new SignatureVerificationError('timestamp_too_old', `signature timestamp is more than ${options.toleranceSeconds} s old`);
  }
  if (-age > options.toleranceSeconds) {
    throw new SignatureVerificationError('timestamp_in_future', `signature timestamp is more than ${options.toleranceSeconds} s in the future`);
  }
  return { timestamp: parsed.timestamp, secretIndex };
}

/**
 * The Stripe-Signature header Stripe sends for `body` (the exact text posted) at `at`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`. node:crypto, not stripe-node's
 * generateTestHeaderString: that one is a test helper, and this is product code (replay, send-event).
 */
export function stripeSignatureHeader(body: string, secret: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** A Stripe endpoint signing secret: `whsec_` then base64/hex-like characters. */
const SIGNING_SECRET_SHAPE = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;

/** What SIGNING_SECRET_SHAPE asks for, for messages (which never echo the value). */
export const SIGNING_SECRET_EXPECTED = '"whsec_" followed by at least 16 letters or digits';

/** True when `value` has the shape of a Stripe endpoint signing secret (the ingress's STRIPE_WEBHOOK_SECRET, replay's REPLAY_SIGNING_SECRET). */
export function isSigningSecret(value: string): boolean {
  return SIGNING_SECRET_SHAPE.test(value);
}
