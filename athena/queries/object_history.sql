-- name: object_history
-- description: The full event history of one Stripe object (pi_..., ch_..., in_..., sub_..., cus_..., ...):
-- description: every deduplicated event whose data.object (or, for thin events, related_object) is that
-- description: object, ordered by created, then arrival.
-- param: object_id string The Stripe object id, e.g. pi_3PXyz...
-- Reads the curated table's object_id column (data.object.id, or related_object.id for thin events), not
-- every body: object ids carry no time, but the bodies of the object's own events are all that is read.
SELECT
  created,
  id AS event_id,
  type,
  object_type,
  json_extract_scalar(body, '$.data.object.status') AS status,
  account,
  received_at,
  delivery_count
FROM event_lake.stripe_events_curated
WHERE object_id = :object_id
ORDER BY created, received_at, id
