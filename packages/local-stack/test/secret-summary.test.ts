import { describe, it, expect } from '@jest/globals';
import { describeSecrets, DEVELOPMENT_WEBHOOK_SECRET } from '../src/index.js';

const USER = 'whsec_Zq7Kx2Wm9Pv4Rt8Yb3Nc6Hd1Jf5Lg0Ss';

describe('describeSecrets', () => {
  it('shows the development secret, which is in the repository anyway', () => {
    expect(describeSecrets(DEVELOPMENT_WEBHOOK_SECRET, true)).toContain(DEVELOPMENT_WEBHOOK_SECRET);
  });

  it.each([
    [USER, '1 secret from STRIPE_WEBHOOK_SECRET, not the development secret (not shown)'],
    [` ${USER} , whsec_other_secret_value_1234 `, '2 secrets from STRIPE_WEBHOOK_SECRET, not the development secret (not shown)'],
    [`${USER},${DEVELOPMENT_WEBHOOK_SECRET}`, '2 secrets from STRIPE_WEBHOOK_SECRET, the development secret among them (not shown)'],
  ])('says only how many user secrets and whether the development one is among them: %s', (value, expected) => {
    const text = describeSecrets(value, false);
    expect(text).toBe(expected);
    expect(text).not.toContain('whsec_');
  });

  it('with the Stripe CLI session secret: says it is there, shows none of it', () => {
    expect(describeSecrets(DEVELOPMENT_WEBHOOK_SECRET, true, true)).toBe(`${DEVELOPMENT_WEBHOOK_SECRET}, and the Stripe CLI session secret (not shown)`);
    expect(describeSecrets(USER, false, true)).toBe('1 secret from STRIPE_WEBHOOK_SECRET, not the development secret (not shown), and the Stripe CLI session secret (not shown)');
  });
});
