// REPLAY_SIGNING_SECRET is held to the one shape of a Stripe endpoint secret, the ingress's.
import { describe, expect, it } from '@jest/globals';
import { signingSecretFrom } from '../src/stripe-signing.js';
import { UsageError } from '@event-lake/cli-kit';

describe('signingSecretFrom', () => {
  it('returns a secret of the shape Stripe issues', () => {
    const secret = `whsec_${'0123456789abcdef'.repeat(4)}`;
    expect(signingSecretFrom({ REPLAY_SIGNING_SECRET: secret })).toBe(secret);
  });

  it('refuses a missing secret and one of another shape, naming the variable and never the value', () => {
    expect(() => signingSecretFrom({})).toThrow(new UsageError("REPLAY_SIGNING_SECRET is not set: export the consumer's endpoint signing secret (whsec_…) to replay (--dry-run needs none)"));
    for (const value of ['whsec_tooShort99', 'whsec_has a space 0123456789', 'sk_live_secretpart0123456789']) {
      const read = () => signingSecretFrom({ REPLAY_SIGNING_SECRET: value });
      expect(read).toThrow(UsageError);
      expect(read).toThrow(/^REPLAY_SIGNING_SECRET must be an endpoint signing secret: "whsec_" followed by at least 16 letters or digits$/);
    }
  });
});
