// The name Stripe gives the partner event source of an Amazon EventBridge event destination, e.g.
// `aws.partner/stripe.com/ed_61TEN…` (live) or `aws.partner/stripe.com/ed_test_61Tw…` (sandbox). One rule,
// used by the consumer's configuration and by the CDK setting `eventBridgeSourceName`.

/** Every Stripe partner event source name starts with this; envelopes from anything else are refused. */
export const STRIPE_PARTNER_SOURCE_PREFIX = 'aws.partner/stripe.com/';

export const STRIPE_PARTNER_SOURCE_PATTERN = /^aws\.partner\/stripe\.com\/ed_[A-Za-z0-9_]{1,200}$/;

/** Undefined when `name` is a Stripe partner event source name, else what is wrong with it. */
export function partnerSourceProblem(name: string): string | undefined {
  if (STRIPE_PARTNER_SOURCE_PATTERN.test(name)) return undefined;
  return `must be the Stripe partner event source name, aws.partner/stripe.com/ed_… (EventBridge console > Partner event sources), got "${name}"`;
}
