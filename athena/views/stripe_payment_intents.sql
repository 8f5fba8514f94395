-- name: stripe_payment_intents
-- description: One row per payment_intent.* event (deduplicated) with the PaymentIntent snapshot's
-- description: common fields as typed columns. Amounts are in the currency's minor unit (cents).
CREATE OR REPLACE VIEW event_lake.stripe_payment_intents AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS payment_intent_id,
  json_extract_scalar(body, '$.data.object.status') AS status,
  CAST(json_extract_scalar(body, '$.data.object.amount') AS bigint) AS amount,
  CAST(json_extract_scalar(body, '$.data.object.amount_received') AS bigint) AS amount_received,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  json_extract_scalar(body, '$.data.object.payment_method') AS payment_method,
  json_extract_scalar(body, '$.data.object.description') AS description,
  json_extract_scalar(body, '$.data.object.last_payment_error.code') AS last_payment_error_code,
  json_extract_scalar(body, '$.data.object.last_payment_error.decline_code') AS last_payment_error_decline_code,
  json_extract_scalar(body, '$.data.object.last_payment_error.message') AS last_payment_error_message,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'payment_intent'
