-- name: stripe_customers
-- description: One row per customer.* event whose data.object is a Customer (deduplicated) with typed
-- description: columns; deleted is true for customer.deleted.
CREATE OR REPLACE VIEW event_lake.stripe_customers AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS customer_id,
  json_extract_scalar(body, '$.data.object.email') AS email,
  json_extract_scalar(body, '$.data.object.name') AS name,
  json_extract_scalar(body, '$.data.object.description') AS description,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  CAST(json_extract_scalar(body, '$.data.object.balance') AS bigint) AS balance,
  CAST(json_extract_scalar(body, '$.data.object.delinquent') AS boolean) AS delinquent,
  event_type = 'customer.deleted' AS deleted,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'customer'
