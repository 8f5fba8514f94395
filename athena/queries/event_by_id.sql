-- name: event_by_id
-- description: One event by its id (evt_...): first delivery, delivery count and the raw body as received.
-- param: event_id string The Stripe event id, e.g. evt_1PXyz...
-- Reads the curated table (one row per event, columnar): only its id column is scanned in full, the rest of
-- the one matching row. Event ids carry no time; add `AND event_date = DATE '…'` with --sql when you know the
-- day it was created, and only that partition is read.
SELECT id, type, created, account, livemode, api_version, source, received_at, last_received_at,
       delivery_count, dt, hour, body
FROM event_lake.stripe_events_curated
WHERE id = :event_id
