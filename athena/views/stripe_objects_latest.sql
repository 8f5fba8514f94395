-- name: stripe_objects_latest
-- description: The current state of every Stripe object: one row per object_id, from its newest snapshot
-- description: event in stripe_events_curated (newest by created, then received_at, then event id). deleted
-- description: is true when that event is a *.deleted event or the object says "deleted": true; object is the
-- description: data.object JSON text. Thin events carry no object state and do not change it.
CREATE OR REPLACE VIEW event_lake.stripe_objects_latest AS
WITH ranked AS (
  SELECT object_type, object_id, account, livemode, id, type, created, body,
         row_number() OVER (PARTITION BY object_id ORDER BY created DESC, received_at DESC, id DESC) AS object_rank
  FROM event_lake.stripe_events_curated
  WHERE object = 'event' AND object_id IS NOT NULL
)
SELECT
  object_type,
  object_id,
  account,
  livemode,
  id AS event_id,
  type AS event_type,
  from_iso8601_timestamp(created) AS event_created_at,
  type LIKE '%.deleted' OR coalesce(json_extract_scalar(body, '$.data.object.deleted') = 'true', false) AS deleted,
  json_format(json_extract(body, '$.data.object')) AS object
FROM ranked
WHERE object_rank = 1
