-- name: delivery_lag_percentiles
-- description: Delivery lag (received_at - created, milliseconds) per UTC day of arrival and per source:
-- description: deliveries, p50, p90, p99 and max. Every delivery counts, duplicates included.
-- param: start timestamp First instant included (received at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (received before), e.g. 2026-01-08
-- Partitions are arrival time, up to 900 s earlier than received_at: the window is widened by one hour.
-- Percentiles are approximate on Athena (approx_percentile) and exact nearest-rank locally.
WITH deliveries AS (
  SELECT DISTINCT delivery_id, source, created, received_at
  FROM event_lake.stripe_events
  WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
    AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
    AND body_part = 0
    AND from_iso8601_timestamp(received_at) >= :start
    AND from_iso8601_timestamp(received_at) < :end
),
lags AS (
  SELECT substr(received_at, 1, 10) AS day, source,
         date_diff('millisecond', from_iso8601_timestamp(created), from_iso8601_timestamp(received_at)) AS lag_ms
  FROM deliveries
)
SELECT
  day,
  source,
  count(*) AS deliveries,
  approx_percentile(lag_ms, 0.5) AS p50_ms,
  approx_percentile(lag_ms, 0.9) AS p90_ms,
  approx_percentile(lag_ms, 0.99) AS p99_ms,
  max(lag_ms) AS max_ms
FROM lags
GROUP BY day, source
ORDER BY day, source
