-- name: events_per_account
-- description: Events per Connect account (account is NULL for the platform's own events) created in a
-- description: period: distinct events, deliveries, distinct event types, first and last created.
-- param: start timestamp First instant included (created at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (created before), e.g. 2026-02-01
SELECT
  account,
  count(DISTINCT id) AS events,
  count(DISTINCT delivery_id) AS deliveries,
  count(DISTINCT type) AS event_types,
  min(created) AS first_created,
  max(created) AS last_created
FROM event_lake.stripe_events
WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
  AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
  AND from_iso8601_timestamp(created) >= :start
  AND from_iso8601_timestamp(created) < :end
GROUP BY account
ORDER BY events DESC, account NULLS FIRST
