// The replay's selection as one SQL statement that runs unchanged on DuckDB and Athena: the deliveries the
// filters choose, deduplicated by the project's one rule (dedupedEventsSql applies the query of
// athena/views/stripe_events_deduped.sql to them), ordered by `created`, then id. Each row has the
// chosen delivery's body reassembled, or NULL when no delivery of the id is complete.
//
// Why not `FROM stripe_events_deduped`: filters on a view's output cannot prune the table's arrival
// partitions, so on Athena every replay would scan (and bill) the whole lake. Here the partition, time,
// type and id filters apply to the table scan, before the rule. Every delivery of an event has the same
// created, type and id, so those filters drop whole events, never a copy the rule would have preferred.
import { dedupedEventsSql, renderParam } from '@event-lake/query';
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

/** The selected events' columns: id, type, created, source and body (NULL: incomplete). */
export async function selectionSql(selection: Selection, pruning?: ArrivalPruning): Promise<string> {
  const where = [...(pruning ? partitionConditions(selection, pruning) : []), ...eventConditions(selection)];
  const deduped = await dedupedEventsSql(where.length > 0 ? { where: where.join('\n    AND ') } : {});
  return `SELECT id, type, created, source, body
FROM (
${deduped}
) AS e
ORDER BY from_iso8601_timestamp(created), id`;
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
  // Snapshot lines (import-objects) wrap listed objects in events Stripe never sent: nothing to re-deliver.
  // Every delivery of a snapshot id is a snapshot line, so this drops whole events, never a copy.
  const out: string[] = ["source <> 'snapshot'"];
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
