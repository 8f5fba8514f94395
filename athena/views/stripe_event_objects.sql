-- name: stripe_event_objects
-- description: The base of the typed views: one row per deduplicated snapshot event (from the curated table
-- description: stripe_events_curated) with the columns every typed view starts with, event_date (the UTC
-- description: date of created: filter on it first, it prunes partitions), the type, id and creation time of
-- description: its data.object, and the body to read the object's own fields from.
CREATE OR REPLACE VIEW event_lake.stripe_event_objects AS
SELECT
  event_date,
  id AS event_id,
  type AS event_type,
  from_iso8601_timestamp(created) AS event_created_at,
  account,
  livemode,
  object_type,
  object_id,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.created') AS bigint)) AS object_created_at,
  body
FROM event_lake.stripe_events_curated
WHERE object = 'event'
