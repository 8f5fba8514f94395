-- name: failed_payments
-- description: Failed payments created in a period (payment_intent.payment_failed, charge.failed,
-- description: invoice.payment_failed), one row per event, with amount, currency, customer and the decline reason.
-- param: start timestamp First instant included (created at or after), e.g. 2026-01-01
-- param: end timestamp First instant excluded (created before), e.g. 2026-02-01
-- Prunes dt/hour (widened by one hour), then keeps one delivery per event id by the rule of the
-- stripe_events_deduped view (complete first, then webhook, eventbridge, backfill, snapshot, then earliest),
-- applied to the window: `pnpm query` replaces the `-- dedupe:` line with that view's query.
WITH windowed AS (
  SELECT *
  FROM event_lake.stripe_events
  WHERE dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')
    AND concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d %H')
    AND type IN ('payment_intent.payment_failed', 'charge.failed', 'invoice.payment_failed')
    AND from_iso8601_timestamp(created) >= :start
    AND from_iso8601_timestamp(created) < :end
),
events AS (
  -- dedupe: windowed
)
SELECT
  created,
  id AS event_id,
  type,
  json_extract_scalar(body, '$.data.object.id') AS object_id,
  CAST(coalesce(json_extract_scalar(body, '$.data.object.amount'),
                json_extract_scalar(body, '$.data.object.amount_due')) AS bigint) AS amount,
  json_extract_scalar(body, '$.data.object.currency') AS currency,
  json_extract_scalar(body, '$.data.object.customer') AS customer,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.code'),
           json_extract_scalar(body, '$.data.object.failure_code')) AS failure_code,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.decline_code'),
           json_extract_scalar(body, '$.data.object.outcome.reason')) AS decline_code,
  coalesce(json_extract_scalar(body, '$.data.object.last_payment_error.message'),
           json_extract_scalar(body, '$.data.object.failure_message')) AS failure_message,
  account,
  livemode,
  delivery_count
FROM events
ORDER BY created, event_id
