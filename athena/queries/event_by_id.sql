-- name: event_by_id
-- description: One event by its id (evt_...): first delivery, delivery count and the raw body as received.
-- param: event_id string The Stripe event id, e.g. evt_1PXyz...
-- Event ids carry no time, so this scans every partition (cost grows with the lake; add a dt filter on
-- event_lake.stripe_events with --sql when you know roughly when it arrived).
SELECT id, type, created, account, livemode, api_version, source, received_at, last_received_at,
       delivery_count, dt, hour, body
FROM event_lake.stripe_events_deduped
WHERE id = :event_id
