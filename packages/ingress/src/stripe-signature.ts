// Stripe-Signature verification. stripe-node's own primitive (`webhooks.signature.verifyHeader`, which
// computes the HMAC and compares every v1 in constant time) does the cryptography; around it this module
// adds what stripe-node lacks: strict header parsing, several secrets, and a tolerance that rejects
// timestamps too far in the future as well as too old (verifyHeader is called with tolerance 0, which
// skips its own one-sided age check).
import Stripe from 'stripe';

export type SignatureFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'no_v1_signature'
  | 'signature_mismatch'
  | 'timestamp_too_old'
  | 'timestamp_in_future';

export const SIGNATURE_FAILURES: readonly SignatureFailure[] = [
  'missing_signature', 'malformed_signature', 'no_v1_signature',
  'signature_mismatch', 'timestamp_too_old', 'timestamp_in_future',
];

export class SignatureVerificationError extends Error {
  constructor(readonly reason: SignatureFailure, message: string) {
    super(message);
    this.name = 'SignatureVerificationError';
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

/**
 * Verifies `header` against the exact body text (decoded strictly from the received bytes). Accepts if any
 * v1 matches under any secret and the timestamp lies within ±tolerance of `now`.
 */
export function verifyStripeSignature(body: string, header: string | undefined, options: VerifyOptions): Verified {
  const parsed = parseSignatureHeader(header);
  const signature = Stripe.webhooks.signature;
  if (!signature) throw new Error('stripe-node has no webhook signature helper');
  // Rebuild a canonical header so stripe-node sees exactly what was parsed here (no v0, no whitespace).
  const canonical = [`t=${parsed.timestamp}`, ...parsed.v1.map((s) => `v1=${s}`)].join(',');
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
