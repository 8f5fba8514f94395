// Which of a set of event ids the lake holds completely, asked through the query layer (DuckDB locally,
// Athena in AWS) with the same SQL on both engines.
//
// Present means complete, by the one definition the dedupe view uses (eventCompletenessSql): an id
// counts as in the lake only when one delivery of it has every part of its body, a delivery being the
// rows that share every envelope column, received_at included. A delivery of which only some parts
// landed (part 0 acknowledged, the rest lost when Stripe gave up), or two backfill runs that share a
// delivery_id and only together cover every part, is "incomplete": the view's body is NULL, replay cannot
// send it, so it is reported and backfilled like a missing one.
//
// Partitions are arrival time, not `created`: an event created at the window's end may arrive hours or
// days later (Stripe retries for up to 3 days, a backfill writes it today). The lake side is therefore
// read from the window's start (less a margin for clock skew) up to today, not up to the window's end.
import { isStripeId } from '@event-lake/lake-format';
import { eventCompletenessSql } from '@event-lake/query';
import type { AuditWindow } from './audit-window.js';

/** Runs one SQL statement; rows are objects keyed by column name (the query layer's result shape). */
export type RunSql = (sql: string) => Promise<{ readonly rows: readonly Record<string, unknown>[] }>;

/** A lake opened for one run (the local backend reads the lake as it is at each query). */
export interface OpenedLake {
  readonly runSql: RunSql;
  close(): Promise<void>;
}

export const LAKE_TABLE = 'event_lake.stripe_events';

/**
 * Ids per `IN (…)` query. 5,000 ids of ~30 bytes keep the SQL near 160 KB, under Athena's 256 KB
 * query-text limit. Above it one query lists every delivery of the partitions instead: Athena bills bytes
 * scanned, so one scan is cheaper than several that each read the same partitions.
 */
export const MAX_IDS_PER_QUERY = 5_000;

/** Arrival may precede `created` by clock skew between Stripe and AWS; one hour is ample. */
const SKEW_MARGIN_MS = 3_600_000;

export interface PartitionRange {
  /** yyyy-MM-dd, inclusive. */
  readonly fromDt: string;
  readonly toDt: string;
}

export interface LakePresence {
  /** Ids with at least one delivery that has all its body parts (the dedupe view's body is not NULL). */
  readonly complete: ReadonlySet<string>;
  /** Ids found only in deliveries that lack some body parts. */
  readonly incomplete: ReadonlySet<string>;
}

export function lakePartitionRange(window: AuditWindow, now: Date): PartitionRange {
  const end = now.getTime() > window.until.getTime() ? now : window.until;
  return { fromDt: utcDate(new Date(window.since.getTime() - SKEW_MARGIN_MS)), toDt: utcDate(end) };
}

/** Which of `ids` the lake holds completely, and which only in part, in the given partitions. */
export async function lakePresence(runSql: RunSql, ids: readonly string[], range: PartitionRange): Promise<LakePresence> {
  if (ids.length === 0) return { complete: new Set(), incomplete: new Set() };
  for (const id of ids) {
    if (!isStripeId(id)) throw new Error(`refusing to query for an id that is not a Stripe id: ${JSON.stringify(id.slice(0, 80))}`);
  }
  const where = `dt BETWEEN '${range.fromDt}' AND '${range.toDt}'`;
  const only = ids.length <= MAX_IDS_PER_QUERY ? ` AND id IN (${ids.map((id) => `'${id}'`).join(', ')})` : '';
  const { rows } = await runSql(eventCompletenessSql(`${where}${only}`));
  const wanted = new Set(ids);
  const complete = new Set<string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const id = row['id'];
    if (typeof id !== 'string' || !wanted.has(id)) continue;
    seen.add(id);
    if (Number(row['complete']) === 1) complete.add(id);
  }
  return { complete, incomplete: new Set([...seen].filter((id) => !complete.has(id))) };
}

/** The subset of `ids` the lake holds completely (see lakePresence). */
export async function idsInLake(runSql: RunSql, ids: readonly string[], range: PartitionRange): Promise<Set<string>> {
  return new Set((await lakePresence(runSql, ids, range)).complete);
}

function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
