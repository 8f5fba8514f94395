-- name: stripe_customers
-- description: One row per customer.* event whose data.object is a Customer (deduplicated) with typed
-- description: columns; deleted is true for customer.deleted.
CREATE OR REPLACE VIEW event_lake.stripe_customers AS
SELECT
  id AS event_id,
  type AS event_type,
  from_iso8601_timestamp(created) AS event_created_at,
  account,
  livemode,
  json_extract_scalar(body, '$.data.object.id') AS customer_id,
  json_extract_scalar(body, '$.data.object.email') AS email,
  json_extract_scalar(body, '$.data.object.name') AS name,
  json_extract_scalar(body, '$.data.object.description') AS description,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  CAST(json_extract_scalar(body, '$.data.object.balance') AS bigint) AS balance,
  CAST(json_extract_scalar(body, '$.data.object.delinquent') AS boolean) AS delinquent,
  type = 'customer.deleted' AS deleted,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.created') AS bigint)) AS object_created_at
FROM event_lake.stripe_events_deduped
WHERE object = 'event' AND json_extract_scalar(body, '$.data.object.object') = 'customer'
