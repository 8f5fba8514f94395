// The `code` values the ingress answers and logs when it refuses a signed-or-not webhook for its
// signature. Defined here, with the other definitions shared by the ingress and infra, so that the CDK
// metric filter on the ingress's log lines imports the list the ingress uses instead of a copy.

export const SIGNATURE_FAILURES = [
  'missing_signature', 'malformed_signature', 'no_v1_signature',
  'signature_mismatch', 'timestamp_too_old', 'timestamp_in_future',
] as const;

export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];
