-- name: stripe_refunds
-- description: One row per event whose data.object is a Refund (refund.*, charge.refund.updated;
-- description: deduplicated) with typed columns. Amounts in minor units.
CREATE OR REPLACE VIEW event_lake.stripe_refunds AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS refund_id,
  json_extract_scalar(body, '$.data.object.status') AS status,
  json_extract_scalar(body, '$.data.object.reason') AS reason,
  CAST(json_extract_scalar(body, '$.data.object.amount') AS bigint) AS amount,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  json_extract_scalar(body, '$.data.object.charge') AS charge,
  json_extract_scalar(body, '$.data.object.payment_intent') AS payment_intent,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'refund'
