// The Stripe API versions sample events claim, one per purpose, declared here only (see the README's
// table). The ingress, the consumer, the audit and the backfill archive `api_version` as they receive it, so
// none of these has to be the newest; what matters is that each purpose names one, on purpose.

/**
 * send-event's samples (the generator's default): the builders shape objects like this version
 * (`invoice.subscription`, `subscription.current_period_end`, both removed by 2025-03-31.basil).
 */
export const SAMPLE_API_VERSION = '2024-06-20';

/** The fake Events API's snapshot events: the version of the account the fake plays (a label: objects keep the samples' shapes). */
export const FAKE_EVENTS_API_VERSION = '2025-10-29.clover';

/** Tests that need a version but not a particular one: the test signer, the seeded scenario, the ingress bench, hand-written test events. */
export const TEST_API_VERSION = '2025-09-30.clover';
