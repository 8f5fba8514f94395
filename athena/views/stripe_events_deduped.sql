-- name: stripe_events_deduped
-- description: One row per Stripe event id, by the one dedupe rule: a complete delivery (all body parts
-- description: present) first, then source webhook over eventbridge over backfill over snapshot (only a
-- description: webhook carries the original bytes and signature), then the earliest received_at (then delivery_id).
-- description: Split bodies are reassembled; body is NULL only when no delivery of the event is complete.
-- description: delivery_count says how many distinct deliveries arrived. Scans the whole table, once: filter
-- description: event_lake.stripe_events on dt/hour when cost matters (named queries apply this rule to
-- description: their window with a `-- dedupe:` line, see docs/querying.md).
CREATE OR REPLACE VIEW event_lake.stripe_events_deduped AS
-- The table is named once, in `parts`, and every later step reads only the step before it: Athena
-- (Trino) runs a WITH query again at each reference (trinodb/trino#18421), so a second reference to the
-- rows would be a second scan of every partition. Counts come from window functions, not a join back.
WITH parts AS (
  -- One row per distinct part of a delivery (Firehose may write a record twice); a whole body is part 0 of 1.
  SELECT schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
         received_at, signature, body_part, body_parts, min(body) AS body, min(dt) AS dt, min(hour) AS hour
  FROM event_lake.stripe_events
  WHERE body_parts >= 1
  GROUP BY schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
           received_at, signature, body_part, body_parts
),
deliveries AS (
  -- A delivery is complete when every part 0 .. body_parts - 1 is present; otherwise its body is NULL.
  -- Only split bodies go through the ordered array_agg (FILTER): most deliveries are one part, and an
  -- ordered aggregate per delivery made the whole view about twice as slow on DuckDB.
  SELECT schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
         received_at, signature,
         CASE WHEN max(body_parts) = 1 THEN min(body)
              WHEN count(*) = max(body_parts)
              THEN array_join(array_agg(body ORDER BY body_part) FILTER (WHERE body_parts > 1), '') END AS body,
         min(dt) AS dt, min(hour) AS hour
  FROM parts
  GROUP BY schema_version, source, delivery_id, id, type, object, created, livemode, api_version, account,
           received_at, signature
),
ranked AS (
  SELECT d.*,
         row_number() OVER (
           PARTITION BY id
           ORDER BY CASE WHEN body IS NULL THEN 1 ELSE 0 END,
                    CASE source WHEN 'webhook' THEN 0 WHEN 'eventbridge' THEN 1 WHEN 'backfill' THEN 2 WHEN 'snapshot' THEN 3 ELSE 4 END,
                    received_at, delivery_id
         ) AS delivery_rank,
         -- A backfill run again or a redelivered EventBridge envelope keeps its delivery_id with a new
         -- received_at: one delivery, counted once below (Trino has no count(DISTINCT …) OVER).
         row_number() OVER (PARTITION BY id, delivery_id ORDER BY received_at) AS delivery_id_seq,
         max(received_at) OVER (PARTITION BY id) AS last_received_at
  FROM deliveries d
),
counted AS (
  SELECT r.*, count(CASE WHEN delivery_id_seq = 1 THEN delivery_id END) OVER (PARTITION BY id) AS delivery_count
  FROM ranked r
)
SELECT schema_version, source, delivery_id, id, type, object, created, livemode,
       api_version, account, received_at, signature, body, dt, hour,
       delivery_count, last_received_at
FROM counted
WHERE delivery_rank = 1
