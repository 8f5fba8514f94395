// When an event is complete in the lake, for code that asks without reading the view file: the daily
// audit runs in Lambda with no athena/ folder. The definition is the view's (athena/views/
// stripe_events_deduped.sql, steps `parts` and `deliveries`): a delivery is the rows sharing every
// envelope column, received_at included (a backfill run again keeps its delivery_id with a new
// received_at, so two runs are two deliveries), and it is complete when it holds every part 0 ..
// body_parts - 1. An event is complete when one delivery is, exactly when the view's body is not NULL.
// test/delivery-completeness.test.ts holds the view and this SQL to the same answer.
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';

/** The view's GROUP BY of a delivery (its `deliveries` step). */
export const DELIVERY_KEY_COLUMNS = [
  'schema_version', 'source', 'delivery_id', 'id', 'type', 'object', 'created', 'livemode', 'api_version', 'account',
  'received_at', 'signature',
] as const;

/**
 * One row per event id among the deliveries matching `where` (trusted SQL on the table's columns, e.g.
 * a `dt` range and an `id IN (…)` list): `id`, and `complete` = 1 when one of its deliveries has every
 * part (the view's body IS NOT NULL), else 0.
 */
export function eventCompletenessSql(where: string): string {
  const key = DELIVERY_KEY_COLUMNS.join(', ');
  return `SELECT id, max(CASE WHEN parts = body_parts THEN 1 ELSE 0 END) AS complete FROM (` +
    `SELECT id, max(body_parts) AS body_parts, count(DISTINCT body_part) AS parts FROM ${DATABASE_NAME}.${TABLE_NAME} ` +
    `WHERE body_parts >= 1 AND (${where}) GROUP BY ${key}) AS deliveries GROUP BY id`;
}
