// The `code` values the ingress answers and logs when it refuses a webhook for its signature, and those
// it answers for refusals no retry changes. Defined here, with the other definitions shared by the ingress and infra, so that the CDK
// metric filter on the ingress's log lines imports the list the ingress uses instead of a copy.

export const SIGNATURE_FAILURES = [
  'missing_signature', 'malformed_signature', 'no_v1_signature',
  'signature_mismatch', 'timestamp_too_old', 'timestamp_in_future',
] as const;

export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];

/**
 * Refusals that no retry can turn into a 200: Stripe keeps retrying a delivery refused with one of these
 * for 3 days and then gives up on it. The access log carries the code in its `code` field, and the
 * deployed stack counts these lines in their own metric and alarm (infra/lib/monitoring.ts).
 */
export const PERMANENT_REFUSAL_CODES = ['not_a_stripe_event', 'invalid_json', 'payload_too_large', 'unsupported_media_type'] as const;
