-- name: subscription_mrr_changes
-- description: MRR-style subscription changes created in a period: one row per customer.subscription.*
-- description: event that changed monthly recurring revenue, with MRR before and after (minor units per
-- description: month) and the kind of change (new, expansion, contraction, churn). MRR counts active and
-- description: past_due subscriptions; yearly/weekly/daily prices are normalised to a month; the first
-- description: subscription item only (multi-item subscriptions: see stripe_subscriptions.item_count).
-- param: start timestamp First instant included (created at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (created before), e.g. 2026-02-01
-- One delivery per event id by the rule of the stripe_events_deduped view, applied to the pruned window
-- (`pnpm query` replaces the `-- dedupe:` line with that view's query).
WITH windowed AS (
  SELECT *
  FROM event_lake.stripe_events
  WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
    AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
    AND type IN ('customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted',
                 'customer.subscription.paused', 'customer.subscription.resumed')
    AND from_iso8601_timestamp(created) >= :start
    AND from_iso8601_timestamp(created) < :end
),
events AS (
  -- dedupe: windowed
),
fields AS (
  SELECT
    created, id, type, account,
    json_extract_scalar(body, '$.data.object.id') AS subscription_id,
    json_extract_scalar(body, '$.data.object.customer') AS customer,
    json_extract_scalar(body, '$.data.object.currency') AS currency,
    json_extract_scalar(body, '$.data.object.status') AS status_after,
    coalesce(json_extract_scalar(body, '$.data.previous_attributes.status'),
             json_extract_scalar(body, '$.data.object.status')) AS status_before,
    CAST(json_extract_scalar(body, '$.data.object.items.data[0].price.unit_amount') AS double) AS unit_after,
    CAST(coalesce(json_extract_scalar(body, '$.data.object.items.data[0].quantity'), '1') AS double) AS quantity_after,
    json_extract_scalar(body, '$.data.object.items.data[0].price.recurring.interval') AS interval_after,
    CAST(coalesce(json_extract_scalar(body, '$.data.object.items.data[0].price.recurring.interval_count'), '1') AS double) AS count_after,
    json_extract_scalar(body, '$.data.previous_attributes.items.data[0].price.unit_amount') AS prev_unit,
    json_extract_scalar(body, '$.data.previous_attributes.items.data[0].quantity') AS prev_quantity,
    json_extract_scalar(body, '$.data.previous_attributes.items.data[0].price.recurring.interval') AS prev_interval,
    json_extract_scalar(body, '$.data.previous_attributes.items.data[0].price.recurring.interval_count') AS prev_count
  FROM events
),
monthly AS (
  SELECT
    created, id, type, account, subscription_id, customer, currency, status_before, status_after,
    CASE
      WHEN type = 'customer.subscription.created' THEN 0e0
      -- A deletion's snapshot says status canceled and has no previous status: count what it was worth.
      WHEN type <> 'customer.subscription.deleted' AND status_before NOT IN ('active', 'past_due') THEN 0e0
      ELSE coalesce(CAST(prev_unit AS double), unit_after) * coalesce(CAST(prev_quantity AS double), quantity_after)
           * CASE coalesce(prev_interval, interval_after)
               WHEN 'month' THEN 1e0 WHEN 'year' THEN 1e0 / 12 WHEN 'week' THEN 52e0 / 12 WHEN 'day' THEN 365e0 / 12 END
           / coalesce(CAST(prev_count AS double), count_after)
    END AS mrr_before,
    CASE
      WHEN type = 'customer.subscription.deleted' OR status_after NOT IN ('active', 'past_due') THEN 0e0
      ELSE unit_after * quantity_after
           * CASE interval_after
               WHEN 'month' THEN 1e0 WHEN 'year' THEN 1e0 / 12 WHEN 'week' THEN 52e0 / 12 WHEN 'day' THEN 365e0 / 12 END
           / count_after
    END AS mrr_after
  FROM fields
)
SELECT
  created,
  id AS event_id,
  type,
  subscription_id,
  customer,
  currency,
  status_before,
  status_after,
  CAST(round(mrr_before) AS bigint) AS mrr_before,
  CAST(round(mrr_after) AS bigint) AS mrr_after,
  CAST(round(mrr_after) AS bigint) - CAST(round(mrr_before) AS bigint) AS mrr_delta,
  CASE
    WHEN round(mrr_before) = 0 THEN 'new'
    WHEN round(mrr_after) = 0 THEN 'churn'
    WHEN mrr_after > mrr_before THEN 'expansion'
    ELSE 'contraction'
  END AS change,
  account
FROM monthly
WHERE round(mrr_before) <> round(mrr_after)
ORDER BY created, event_id
