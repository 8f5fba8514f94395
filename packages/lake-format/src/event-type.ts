// The shape of a Stripe event type, wherever a user names one (`--type` of audit-lake, backfill and
// replay): lower-case words joined by dots, as in `payment_intent.succeeded` and
// `v1.billing.meter.error_report_triggered`, and the bracketed part of v2 Accounts types such as
// `v2.core.account[requirements].updated` (Stripe's "Account event types" reference). Up to 255
// characters, the archive's limit for `type`.
//
// The archive itself does not apply it: summariseEvent stores whatever type string Stripe sends, so that
// a new shape of type is kept rather than refused (a refusal would be retried and then lost).
const EVENT_TYPE = /^[a-z0-9_.[\]]{1,255}$/;

export function isEventType(text: string): boolean {
  return EVENT_TYPE.test(text);
}
