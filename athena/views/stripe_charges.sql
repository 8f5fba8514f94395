-- name: stripe_charges
-- description: One row per event whose data.object is a Charge (charge.succeeded, charge.failed,
-- description: charge.refunded, ...; deduplicated) with typed columns. Amounts in minor units.
CREATE OR REPLACE VIEW event_lake.stripe_charges AS
SELECT
  id AS event_id,
  type AS event_type,
  from_iso8601_timestamp(created) AS event_created_at,
  account,
  livemode,
  json_extract_scalar(body, '$.data.object.id') AS charge_id,
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
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.created') AS bigint)) AS object_created_at
FROM event_lake.stripe_events_deduped
WHERE object = 'event' AND json_extract_scalar(body, '$.data.object.object') = 'charge'
