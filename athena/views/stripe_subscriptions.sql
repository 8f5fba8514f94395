-- name: stripe_subscriptions
-- description: One row per customer.subscription.* event (deduplicated) with typed columns; price,
-- description: quantity and interval are those of the first subscription item (item_count says how many).
CREATE OR REPLACE VIEW event_lake.stripe_subscriptions AS
SELECT
  event_date, event_id, event_type, event_created_at, account, livemode,
  object_id AS subscription_id,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  json_extract_scalar(body, '$.data.object.status') AS status,
  json_extract_scalar(body, '$.data.previous_attributes.status') AS previous_status,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  CAST(json_extract_scalar(body, '$.data.object.cancel_at_period_end') AS boolean) AS cancel_at_period_end,
  json_array_length(json_extract(body, '$.data.object.items.data')) AS item_count,
  json_extract_scalar(body, '$.data.object.items.data[0].price.id') AS price_id,
  CAST(json_extract_scalar(body, '$.data.object.items.data[0].price.unit_amount') AS bigint) AS unit_amount,
  CAST(json_extract_scalar(body, '$.data.object.items.data[0].quantity') AS bigint) AS quantity,
  json_extract_scalar(body, '$.data.object.items.data[0].price.recurring.interval') AS billing_interval,
  CAST(json_extract_scalar(body, '$.data.object.items.data[0].price.recurring.interval_count') AS bigint) AS billing_interval_count,
  from_unixtime(CAST(coalesce(json_extract_scalar(body, '$.data.object.current_period_end'),
                              json_extract_scalar(body, '$.data.object.items.data[0].current_period_end')) AS bigint)) AS current_period_end,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.canceled_at') AS bigint)) AS canceled_at,
  object_created_at
FROM event_lake.stripe_event_objects
WHERE object_type = 'subscription'
