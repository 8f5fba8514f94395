-- name: stripe_charges
-- description: One row per event whose data.object is a Charge (charge.succeeded, charge.failed,
-- description: charge.refunded, ...; deduplicated) with typed columns. Amounts in minor units.
CREATE OR REPLACE VIEW event_lake.stripe_charges AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS charge_id,
  json_extract_scalar(body, '$.data.object.status') AS status,
  CAST(json_extract_scalar(body, '$.data.object.amount') AS bigint) AS amount,
  CAST(json_extract_scalar(body, '$.data.object.amount_captured') AS bigint) AS amount_captured,
  CAST(json_extract_scalar(body, '$.data.object.amount_refunded') AS bigint) AS amount_refunded,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  CAST(json_extract_scalar(body, '$.data.object.paid') AS boolean) AS paid,
  CAST(json_extract_scalar(body, '$.data.object.captured') AS boolean) AS captured,
  CAST(json_extract_scalar(body, '$.data.object.refunded') AS boolean) AS refunded,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  json_extract_scalar(body, '$.data.object.payment_intent') AS payment_intent,
  json_extract_scalar(body, '$.data.object.failure_code') AS failure_code,
  json_extract_scalar(body, '$.data.object.failure_message') AS failure_message,
  json_extract_scalar(body, '$.data.object.outcome.type') AS outcome_type,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'charge'
