-- name: stripe_event_objects
-- description: The base of the typed views: one row per deduplicated snapshot event (from
-- description: stripe_events_deduped) with the columns every typed view starts with, the type, id and
-- description: creation time of its data.object, and the body to read the object's own fields from.
CREATE OR REPLACE VIEW event_lake.stripe_event_objects AS
SELECT
  id AS event_id,
  type AS event_type,
  from_iso8601_timestamp(created) AS event_created_at,
  account,
  livemode,
  json_extract_scalar(body, '$.data.object.object') AS object_type,
  json_extract_scalar(body, '$.data.object.id') AS object_id,
  from_unixtime(CAST(json_extract_scalar(body, '$.data.object.created') AS bigint)) AS object_created_at,
  body
FROM event_lake.stripe_events_deduped
WHERE object = 'event'
