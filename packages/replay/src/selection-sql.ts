// The replay's selection rule, in one place, as one SQL statement that runs unchanged on DuckDB and Athena:
// per event id, one complete delivery (every body part present): the earliest complete webhook delivery,
// else eventbridge, else backfill. It returns every part of the chosen delivery (the caller reassembles
// the bytes with lake-format's rawBodyOf), ordered by `created`, then id.
//
// Why not `FROM stripe_events_deduped`: filters on a view's output cannot prune the table's arrival
// partitions, so on Athena every replay would scan (and bill) the whole lake. Here the partition, time,
// type and id filters apply to the table scan, before the rule, and the rule sees only those rows.
import { ARCHIVE_COLUMN_NAMES, DATABASE_NAME, TABLE_NAME } from '@event-lake/lake-format';
import { renderParam } from '@event-lake/query';
import type { Selection, TypeFilter } from './selection.js';

/** Arrival partitions to scan on Athena; locally every partition is read (no pruning). */
export interface ArrivalPruning {
  /** How long after `--until` an event may still have arrived (Stripe retries, a backfill), in days. */
  readonly slackDays: number;
}

/** Arrival may precede `created` by clock skew between Stripe and AWS; one hour is ample. */
const SKEW_MARGIN_MS = 3_600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Source preference after completeness (lower wins); anything unknown comes last. */
const SOURCE_RANK = `CASE source WHEN 'webhook' THEN 0 WHEN 'eventbridge' THEN 1 WHEN 'backfill' THEN 2 ELSE 3 END`;

export function selectionSql(selection: Selection, pruning?: ArrivalPruning): string {
  const columns = ARCHIVE_COLUMN_NAMES.join(', ');
  const where = [...(pruning ? partitionConditions(selection, pruning) : []), ...eventConditions(selection)];
  return `WITH parts AS (
  -- DISTINCT: Firehose may write a record twice.
  SELECT DISTINCT ${columns}
  FROM ${DATABASE_NAME}.${TABLE_NAME}${where.length > 0 ? `\n  WHERE ${where.join('\n    AND ')}` : ''}
),
deliveries AS (
  SELECT id, delivery_id, source, min(received_at) AS received_at,
         count(DISTINCT body_part) = max(body_parts) AS is_complete
  FROM parts
  GROUP BY id, delivery_id, source
),
chosen AS (
  SELECT id, delivery_id, is_complete, row_number() OVER (
           PARTITION BY id
           ORDER BY CASE WHEN is_complete THEN 0 ELSE 1 END, ${SOURCE_RANK}, received_at, delivery_id
         ) AS delivery_rank
  FROM deliveries
)
SELECT ${ARCHIVE_COLUMN_NAMES.map((c) => `p.${c}`).join(', ')}, c.is_complete
FROM parts p
JOIN chosen c ON c.id = p.id AND c.delivery_id = p.delivery_id AND c.delivery_rank = 1
ORDER BY from_iso8601_timestamp(p.created), p.id, p.body_part`;
}

/** Arrival-hour bounds: from the window's start (less the skew margin) to its end plus the slack. */
export function arrivalBounds(selection: Selection, pruning: ArrivalPruning): { from?: string; to?: string } {
  const hourKey = (ms: number) => new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13).replace('T', ' ');
  return {
    ...(selection.since ? { from: hourKey(selection.since.getTime() - SKEW_MARGIN_MS) } : {}),
    ...(selection.until ? { to: hourKey(selection.until.getTime() + pruning.slackDays * DAY_MS) } : {}),
  };
}

/** `dt` alone lets Athena's date projection prune; `dt hour` narrows to hours within the edge days. */
function partitionConditions(selection: Selection, pruning: ArrivalPruning): string[] {
  const { from, to } = arrivalBounds(selection, pruning);
  const out: string[] = [];
  if (from) out.push(`dt >= ${text(from.slice(0, 10))}`, `concat(dt, ' ', hour) >= ${text(from)}`);
  if (to) out.push(`dt <= ${text(to.slice(0, 10))}`, `concat(dt, ' ', hour) <= ${text(to)}`);
  return out;
}

function eventConditions(selection: Selection): string[] {
  const out: string[] = [];
  if (selection.since) out.push(`from_iso8601_timestamp(created) >= ${timestamp(selection.since)}`);
  if (selection.until) out.push(`from_iso8601_timestamp(created) < ${timestamp(selection.until)}`);
  if (selection.types.length > 0) out.push(`(${selection.types.map(typeCondition).join(' OR ')})`);
  if (selection.ids.length > 0) out.push(`id IN (${selection.ids.map(text).join(', ')})`);
  return out;
}

function typeCondition(filter: TypeFilter): string {
  // starts_with, not LIKE: `_` in type names is a LIKE wildcard.
  return 'exact' in filter ? `type = ${text(filter.exact)}` : `starts_with(type, ${text(filter.prefix)})`;
}

const text = (value: string) => renderParam({ name: 'value', type: 'string', description: '' }, value);
const timestamp = (at: Date) => renderParam({ name: 'time', type: 'timestamp', description: '' }, at.toISOString());
