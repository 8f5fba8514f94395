-- name: volume_by_type_per_day
-- description: Events per type per UTC day of `created`: distinct events and deliveries (duplicates included).
-- param: start timestamp First instant included (created at or after), e.g. 2026-01-01 or 2026-01-01T06:00:00Z
-- param: end timestamp First instant excluded (created before), e.g. 2026-02-01
-- Partitions are arrival time: the dt/hour window is widened by one hour on each side (Firehose buffers
-- up to 900 s), then `created` is filtered exactly. Events delivered more than an hour after creation
-- (Stripe retries, backfills) are outside the window: see docs/querying.md.
SELECT
  substr(created, 1, 10) AS day,
  type,
  count(DISTINCT id) AS events,
  count(DISTINCT delivery_id) AS deliveries
FROM event_lake.stripe_events
WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
  AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
  AND from_iso8601_timestamp(created) >= :start
  AND from_iso8601_timestamp(created) < :end
GROUP BY substr(created, 1, 10), type
ORDER BY day, events DESC, type
