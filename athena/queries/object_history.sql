-- name: object_history
-- description: The full event history of one Stripe object (pi_..., ch_..., in_..., sub_..., cus_..., ...):
-- description: every deduplicated event whose data.object (or, for thin events, related_object) is that
-- description: object, ordered by created, then arrival.
-- param: object_id string The Stripe object id, e.g. pi_3PXyz...
-- Scans every partition (object ids carry no time). strpos is a cheap pre-filter before JSON parsing.
SELECT
  created,
  id AS event_id,
  type,
  coalesce(json_extract_scalar(body, '$.data.object.object'), json_extract_scalar(body, '$.related_object.type')) AS object_type,
  json_extract_scalar(body, '$.data.object.status') AS status,
  account,
  received_at,
  delivery_count
FROM event_lake.stripe_events_deduped
WHERE strpos(body, :object_id) > 0
  AND (json_extract_scalar(body, '$.data.object.id') = :object_id
       OR json_extract_scalar(body, '$.related_object.id') = :object_id)
ORDER BY created, received_at, id
