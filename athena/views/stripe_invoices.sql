-- name: stripe_invoices
-- description: One row per event whose data.object is an Invoice (deduplicated) with typed columns.
-- description: subscription reads the pre-2025 field and, failing that, parent.subscription_details.
CREATE OR REPLACE VIEW event_lake.stripe_invoices AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS invoice_id,
  json_extract_scalar(body, '$.data.object.number') AS number,
  json_extract_scalar(body, '$.data.object.status') AS status,
  json_extract_scalar(body, '$.data.object.billing_reason') AS billing_reason,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  coalesce(json_extract_scalar(body, '$.data.object.subscription'),
           json_extract_scalar(body, '$.data.object.parent.subscription_details.subscription')) AS subscription,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  CAST(json_extract_scalar(body, '$.data.object.amount_due') AS bigint) AS amount_due,
  CAST(json_extract_scalar(body, '$.data.object.amount_paid') AS bigint) AS amount_paid,
  CAST(json_extract_scalar(body, '$.data.object.amount_remaining') AS bigint) AS amount_remaining,
  CAST(json_extract_scalar(body, '$.data.object.attempt_count') AS bigint) AS attempt_count,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.period_start') AS bigint)) AS period_start,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.period_end') AS bigint)) AS period_end,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'invoice'
