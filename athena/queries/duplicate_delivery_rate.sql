-- name: duplicate_delivery_rate
-- description: How often Stripe delivered an event more than once, per UTC day of first arrival:
-- description: events, deliveries, duplicate deliveries (deliveries - events), events delivered more
-- description: than once, and duplicate_rate = duplicate deliveries / deliveries.
-- param: start timestamp First instant included (received at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (received before), e.g. 2026-01-08
-- Only deliveries received inside the window are counted (a duplicate arriving after `end` is not).
WITH deliveries AS (
  SELECT DISTINCT id, delivery_id, received_at
  FROM event_lake.stripe_events
  WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
    AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
    AND body_part = 0
    AND from_iso8601_timestamp(received_at) >= :start
    AND from_iso8601_timestamp(received_at) < :end
),
per_event AS (
  SELECT id, min(received_at) AS first_received_at, count(*) AS deliveries
  FROM deliveries
  GROUP BY id
)
SELECT
  substr(first_received_at, 1, 10) AS day,
  count(*) AS events,
  sum(deliveries) AS deliveries,
  sum(deliveries) - count(*) AS duplicate_deliveries,
  count_if(deliveries > 1) AS events_delivered_more_than_once,
  round(CAST(sum(deliveries) - count(*) AS double) / sum(deliveries), 4) AS duplicate_rate
FROM per_event
GROUP BY substr(first_received_at, 1, 10)
ORDER BY day
