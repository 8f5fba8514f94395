// The consumer's endpoint secret that replay re-signs with. The signing itself is the ingress's, beside the
// rule that verifies (@event-lake/ingress/stripe-signature), so what we send and what a Stripe verifier
// accepts cannot drift apart; so is the shape of a secret.
import { isSigningSecret, SIGNING_SECRET_EXPECTED } from '@event-lake/ingress/stripe-signature';
import { UsageError } from '@event-lake/cli-kit';

export const SECRET_VARIABLE = 'REPLAY_SIGNING_SECRET';

/** The signing secret from the environment. Errors name the variable, never any part of its value. */
export function signingSecretFrom(env: { readonly REPLAY_SIGNING_SECRET?: string | undefined }): string {
  const secret = env[SECRET_VARIABLE];
  if (secret === undefined || secret === '') {
    throw new UsageError(`${SECRET_VARIABLE} is not set: export the consumer's endpoint signing secret (whsec_…) to replay (--dry-run needs none)`);
  }
  if (!isSigningSecret(secret)) throw new UsageError(`${SECRET_VARIABLE} must be an endpoint signing secret: ${SIGNING_SECRET_EXPECTED}`);
  return secret;
}
