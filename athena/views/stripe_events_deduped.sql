-- name: stripe_events_deduped
-- description: One row per Stripe event id. Stripe may deliver an event several times; the first
-- description: delivery (earliest received_at; a webhook delivery wins over a backfilled copy, since only it
-- description: carries the original bytes and signature) is kept, delivery_count says how many distinct deliveries
-- description: arrived, and bodies split into parts are reassembled (body is NULL if a part is missing).
-- description: Scans the whole table: filter event_lake.stripe_events on dt/hour when cost matters.
CREATE OR REPLACE VIEW event_lake.stripe_events_deduped AS
WITH parts AS (
  -- Large events only (body_parts > 1): one row per distinct part (Firehose may write a record twice).
  SELECT schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
         received_at, signature, body_part, body_parts, min(body) AS body, min(dt) AS dt, min(hour) AS hour
  FROM event_lake.stripe_events
  WHERE body_parts > 1
  GROUP BY schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
           received_at, signature, body_part, body_parts
),
deliveries AS (
  SELECT schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
         received_at, signature, body, dt, hour
  FROM event_lake.stripe_events
  WHERE body_parts = 1
  UNION ALL
  SELECT schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
         received_at, signature,
         CASE WHEN count(*) = max(body_parts) THEN array_join(array_agg(body ORDER BY body_part), '') END AS body,
         min(dt) AS dt, min(hour) AS hour
  FROM parts
  GROUP BY schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
           received_at, signature
),
ranked AS (
  SELECT d.*, row_number() OVER (
           PARTITION BY id
           ORDER BY CASE WHEN source = 'webhook' THEN 0 ELSE 1 END, received_at, delivery_id
         ) AS delivery_rank
  FROM deliveries d
),
counts AS (
  SELECT id, count(DISTINCT delivery_id) AS delivery_count, max(received_at) AS last_received_at
  FROM deliveries
  GROUP BY id
)
SELECT r.schema_version, r.source, r.delivery_id, r.id, r.type, r.object, r.created, r.livemode,
       r.api_version, r.account, r.received_at, r.signature, r.body, r.dt, r.hour,
       c.delivery_count, c.last_received_at
FROM ranked r
JOIN counts c ON c.id = r.id
WHERE r.delivery_rank = 1
