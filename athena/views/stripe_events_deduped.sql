-- name: stripe_events_deduped
-- description: One row per Stripe event id, by the one dedupe rule: a complete delivery (all body parts
-- description: present) first, then source webhook over eventbridge over backfill (only a webhook carries
-- description: the original bytes and signature), then the earliest received_at (then delivery_id).
-- description: Split bodies are reassembled; body is NULL only when no delivery of the event is complete.
-- description: delivery_count says how many distinct deliveries arrived. Scans the whole table: filter
-- description: event_lake.stripe_events on dt/hour when cost matters (named queries apply this rule to
-- description: their window with a `-- dedupe:` line, see docs/querying.md).
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
  -- A delivery is complete when every part 0 .. body_parts - 1 is present; otherwise its body is NULL.
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
           ORDER BY CASE WHEN body IS NULL THEN 1 ELSE 0 END,
                    CASE source WHEN 'webhook' THEN 0 WHEN 'eventbridge' THEN 1 WHEN 'backfill' THEN 2 ELSE 3 END,
                    received_at, delivery_id
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
