-- name: failed_payments
-- description: Failed payments created in a period (payment_intent.payment_failed, charge.failed,
-- description: invoice.payment_failed), one row per event, with amount, currency, customer and the decline reason.
-- param: start timestamp First instant included (created at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (created before), e.g. 2026-02-01
-- Prunes dt/hour (widened by one hour), deduplicates by event id within the window, reassembles split bodies.
WITH parts AS (
  SELECT DISTINCT id, type, created, account, livemode, delivery_id, received_at, body_part, body_parts, body
  FROM event_lake.stripe_events
  WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
    AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
    AND type IN ('payment_intent.payment_failed', 'charge.failed', 'invoice.payment_failed')
    AND from_iso8601_timestamp(created) >= :start
    AND from_iso8601_timestamp(created) < :end
),
deliveries AS (
  SELECT id, type, created, account, livemode, delivery_id, received_at,
         array_join(array_agg(body ORDER BY body_part), '') AS body
  FROM parts
  GROUP BY id, type, created, account, livemode, delivery_id, received_at
  HAVING count(*) = max(body_parts)
),
events AS (
  SELECT id, type, created, account, livemode, min_by(body, received_at) AS body, count(*) AS delivery_count
  FROM deliveries
  GROUP BY id, type, created, account, livemode
)
SELECT
  created,
  id AS event_id,
  type,
  json_extract_scalar(body, '$.data.object.id') AS object_id,
  CAST(coalesce(json_extract_scalar(body, '$.data.object.amount'),
                json_extract_scalar(body, '$.data.object.amount_due')) AS bigint) AS amount,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.code'),
           json_extract_scalar(body, '$.data.object.failure_code')) AS failure_code,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.decline_code'),
           json_extract_scalar(body, '$.data.object.outcome.reason')) AS decline_code,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.message'),
           json_extract_scalar(body, '$.data.object.failure_message')) AS failure_message,
  account,
  livemode,
  delivery_count
FROM events
ORDER BY created, event_id
