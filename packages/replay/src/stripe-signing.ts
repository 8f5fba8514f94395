// Re-signing with the consumer's endpoint secret, the way Stripe signs: `t=<now>,v1=<HMAC-SHA256 of
// "<t>.<body>">`. The header is made by stripe-node itself (generateTestHeaderString is Stripe's signing
// routine, exposed for tests), so what Stripe's libraries verify and what we send cannot drift apart.
import Stripe from 'stripe';
import { UsageError } from './errors.js';

export const SECRET_VARIABLE = 'REPLAY_SIGNING_SECRET';

/** The signing secret from the environment. Errors name the variable, never any part of its value. */
export function signingSecretFrom(env: { readonly REPLAY_SIGNING_SECRET?: string | undefined }): string {
  const secret = env[SECRET_VARIABLE];
  if (secret === undefined || secret === '') {
    throw new UsageError(`${SECRET_VARIABLE} is not set: export the consumer's endpoint signing secret (whsec_…) to replay (--dry-run needs none)`);
  }
  if (!/^whsec_\S+$/.test(secret)) throw new UsageError(`${SECRET_VARIABLE} must be an endpoint signing secret starting with whsec_ and without spaces`);
  return secret;
}

/** The Stripe-Signature header for `body` (the exact text sent) at `nowMs`. */
export function signatureHeader(body: string, secret: string, nowMs: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(nowMs / 1000) });
}
