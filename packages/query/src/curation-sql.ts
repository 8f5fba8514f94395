// The SQL of curation, one text for both engines: Athena runs it on the Iceberg tables, the local curation
// runs it on DuckDB over in-memory copies of the partitions it touches. Pure functions of the dedupe view's
// text (athena/views/stripe_events_deduped.sql) and relation names, so a Lambda can call them with the
// view text bundled and no file system.
//
// Why it is exact, whatever the arrival order: the view picks, per event id, the best delivery by a total
// order (complete first, then source, received_at, delivery_id). A run merges a window of new deliveries,
// and the best of all deliveries is the best of (the window's deliveries, the deliveries still incomplete,
// the current row when it is complete): a complete delivery that lost once never wins later, and every
// part of an incomplete delivery is kept in the pending table until its delivery is complete. So the view's
// own query, applied to that union (dedupeRuleOver), chooses exactly what the view would choose over the
// whole raw table. delivery_count is kept exact by the set of delivery ids in `delivery_ids`.
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';
import { CURATED_COLUMN_NAMES, CURATED_PARTITION, CURATED_TABLE, PENDING_COLUMN_NAMES, PENDING_TABLE } from './curated-schema.js';
import { dedupeRuleOver } from './dedupe-rule.js';
import { QueryError } from './errors.js';

export interface CurationRelations {
  /** The curated table to merge into (Athena: event_lake.stripe_events_curated). */
  readonly target: string;
  /** The pending-parts table (Athena: event_lake.stripe_events_curation_pending). */
  readonly pending: string;
  /** A relation with the raw table's columns and dt, hour (Athena: event_lake.stripe_events). */
  readonly raw: string;
  /** Condition on `raw` choosing the window (a dt/hour range, see rawWindowCondition); omitted: all of it. */
  readonly rawWhere?: string;
}

const RAW = PENDING_COLUMN_NAMES.join(', ');
/** The pending table's key: one body part of one delivery (a redelivered envelope keeps its delivery_id). */
const PART_KEY = ['id', 'delivery_id', 'received_at', 'body_part', 'body_parts'];
const DELIVERY_KEY = ['id', 'delivery_id', 'received_at'];

/** `window_rows`: the window's raw rows and every pending part, as CTE text (no leading WITH). */
function windowRowsCte(r: CurationRelations): string {
  return [
    'window_rows AS (',
    `  SELECT ${RAW} FROM ${r.raw}${r.rawWhere ? `\n  WHERE ${r.rawWhere}` : ''}`,
    '  UNION ALL',
    `  SELECT ${RAW} FROM ${r.pending}`,
    ')',
  ].join('\n');
}

const VIEW_COLUMNS = ['schema_version', 'source', 'delivery_id', 'id', 'type', 'object', 'created', 'livemode', 'api_version', 'account', 'received_at', 'signature', 'body', 'dt', 'hour'];
const DELIVERY_COLUMNS = VIEW_COLUMNS.filter((c) => !['body', 'dt', 'hour'].includes(c));

/**
 * The MERGE source: one row per event id touched by the window, with every curated column, and `kept`
 * (true when the current row is still the chosen delivery: only bookkeeping columns may change).
 */
export function curationSourceSql(viewSql: string, r: CurationRelations): string {
  const rule = dedupeRuleOver(viewSql, 'rule_input');
  const indented = rule.split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n');
  const eventDate = (alias: string) => `CAST(substr(${alias}.created, 1, 10) AS date)`;
  return [
    'WITH',
    `${windowRowsCte(r)},`,
    'touched AS (',
    `  SELECT DISTINCT id, ${eventDate('w')} AS ${CURATED_PARTITION} FROM window_rows w`,
    '),',
    // The current rows of the touched ids, read from the touched partitions only (the join on the
    // partition column lets Athena prune the curated table to them).
    'current_rows AS (',
    `  SELECT c.* FROM ${r.target} c JOIN touched k ON c.id = k.id AND c.${CURATED_PARTITION} = k.${CURATED_PARTITION}`,
    '),',
    // Window rows of the delivery the current row already holds complete add nothing but their arrival.
    'repeats AS (',
    `  SELECT w.id, w.delivery_id, w.received_at, min(w.dt) AS dt, min(w.hour) AS hour`,
    '  FROM window_rows w JOIN current_rows c',
    '    ON w.id = c.id AND w.delivery_id = c.delivery_id AND w.received_at = c.received_at AND c.body IS NOT NULL',
    '  GROUP BY w.id, w.delivery_id, w.received_at',
    '),',
    // The rule's input: new and pending parts, plus the current complete delivery as a one-part delivery
    // with an empty body (a marker: if it stays chosen, its stored body is kept).
    'rule_input AS (',
    `  SELECT ${PENDING_COLUMN_NAMES.map((c) => `w.${c}`).join(', ')}`,
    '  FROM window_rows w',
    '  WHERE NOT EXISTS (SELECT 1 FROM repeats p WHERE p.id = w.id AND p.delivery_id = w.delivery_id AND p.received_at = w.received_at)',
    '  UNION ALL',
    `  SELECT ${PENDING_COLUMN_NAMES.map((c) => {
      if (c === 'body') return `'' AS body`;
      if (c === 'body_part') return '0 AS body_part';
      if (c === 'body_parts') return '1 AS body_parts';
      if (c === 'dt' || c === 'hour') return `least(c.${c}, coalesce(p.${c}, c.${c})) AS ${c}`;
      return `c.${c}`;
    }).join(', ')}`,
    '  FROM current_rows c LEFT JOIN repeats p ON p.id = c.id AND p.delivery_id = c.delivery_id AND p.received_at = c.received_at',
    '  WHERE c.body IS NOT NULL',
    '),',
    'chosen AS (',
    indented,
    '),',
    // delivery_count stays exact: the distinct delivery ids of the window, the pending parts and the current row.
    'all_delivery_ids AS (',
    '  SELECT id, delivery_id FROM window_rows',
    '  UNION',
    '  SELECT c.id, d.delivery_id FROM current_rows c CROSS JOIN UNNEST(c.delivery_ids) AS d (delivery_id)',
    '),',
    'bookkeeping AS (',
    '  SELECT id, array_agg(delivery_id ORDER BY delivery_id) AS delivery_ids, count(*) AS delivery_count',
    '  FROM all_delivery_ids GROUP BY id',
    '),',
    'arrivals AS (',
    '  SELECT id, max(received_at) AS last_received_at FROM window_rows GROUP BY id',
    ')',
    'SELECT',
    `  ${DELIVERY_COLUMNS.map((c) => `ch.${c}`).join(', ')},`,
    '  ch.body, ch.dt, ch.hour,',
    '  b.delivery_count,',
    '  CASE WHEN c.last_received_at IS NULL OR a.last_received_at > c.last_received_at THEN a.last_received_at ELSE c.last_received_at END AS last_received_at,',
    `  ${eventDate('ch')} AS ${CURATED_PARTITION},`,
    "  CASE WHEN ch.object = 'event' THEN json_extract_scalar(nullif(ch.body, ''), '$.data.object.object') ELSE json_extract_scalar(nullif(ch.body, ''), '$.related_object.type') END AS object_type,",
    "  CASE WHEN ch.object = 'event' THEN json_extract_scalar(nullif(ch.body, ''), '$.data.object.id') ELSE json_extract_scalar(nullif(ch.body, ''), '$.related_object.id') END AS object_id,",
    '  b.delivery_ids,',
    "  coalesce(ch.body = '', false) AS kept",
    'FROM chosen ch',
    'JOIN bookkeeping b ON b.id = ch.id',
    'JOIN arrivals a ON a.id = ch.id',
    'LEFT JOIN current_rows c ON c.id = ch.id',
  ].join('\n');
}

/** MERGE INTO the curated table from the window (see CurationRelations). Repeating it changes nothing. */
export function curatedMergeSql(viewSql: string, r: CurationRelations): string {
  const bookkeeping = ['delivery_ids', 'delivery_count', 'last_received_at', 'dt', 'hour'];
  const changed = bookkeeping.map((c) => `s.${c} <> t.${c}`).join(' OR ');
  const all = CURATED_COLUMN_NAMES;
  return [
    `MERGE INTO ${r.target} AS t`,
    'USING (',
    curationSourceSql(viewSql, r),
    ') AS s',
    `ON t.id = s.id AND t.${CURATED_PARTITION} = s.${CURATED_PARTITION}`,
    `WHEN MATCHED AND s.kept AND (${changed})`,
    `  THEN UPDATE SET ${bookkeeping.map((c) => `${c} = s.${c}`).join(', ')}`,
    // Another delivery is chosen now, or the chosen one was completed: the whole row.
    'WHEN MATCHED AND NOT s.kept AND (s.delivery_id <> t.delivery_id OR s.received_at <> t.received_at',
    `    OR (s.body IS NULL) <> (t.body IS NULL) OR ${changed})`,
    `  THEN UPDATE SET ${all.filter((c) => c !== 'id' && c !== CURATED_PARTITION).map((c) => `${c} = s.${c}`).join(', ')}`,
    'WHEN NOT MATCHED',
    `  THEN INSERT (${all.join(', ')})`,
    `  VALUES (${all.map((c) => `s.${c}`).join(', ')})`,
  ].join('\n');
}

/**
 * MERGE INTO the pending table: parts of deliveries still incomplete after the window are added, parts of
 * deliveries now complete are removed. Run it after curatedMergeSql, over the same window.
 */
export function pendingMergeSql(r: CurationRelations): string {
  const others = PENDING_COLUMN_NAMES.filter((c) => !PART_KEY.includes(c));
  const on = PART_KEY.map((c) => `p.${c} = s.${c}`).join(' AND ');
  return [
    `MERGE INTO ${r.pending} AS p`,
    'USING (',
    'WITH',
    `${windowRowsCte(r)},`,
    'parts AS (',
    `  SELECT ${PART_KEY.join(', ')}, ${others.map((c) => `min(${c}) AS ${c}`).join(', ')}`,
    '  FROM window_rows WHERE body_parts >= 1',
    `  GROUP BY ${PART_KEY.join(', ')}`,
    '),',
    // Complete as the view's `deliveries` step says: every part 0 .. body_parts - 1 present.
    'deliveries AS (',
    `  SELECT ${DELIVERY_KEY.join(', ')}, count(*) = max(body_parts) AS complete`,
    `  FROM parts GROUP BY ${DELIVERY_KEY.join(', ')}`,
    ')',
    `SELECT ${PENDING_COLUMN_NAMES.map((c) => `p.${c}`).join(', ')}, d.complete`,
    `FROM parts p JOIN deliveries d ON ${DELIVERY_KEY.map((c) => `d.${c} = p.${c}`).join(' AND ')}`,
    ') AS s',
    `ON ${on}`,
    'WHEN MATCHED AND s.complete THEN DELETE',
    'WHEN NOT MATCHED AND NOT s.complete',
    `  THEN INSERT (${PENDING_COLUMN_NAMES.join(', ')})`,
    `  VALUES (${PENDING_COLUMN_NAMES.map((c) => `s.${c}`).join(', ')})`,
  ].join('\n');
}

/** A range of arrival hours (UTC), inclusive at both ends. */
export interface RawWindow {
  readonly from: Date;
  readonly to: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const hourOf = (d: Date) => `${dayOf(d)} ${pad(d.getUTCHours())}`;

/** The dt/hour condition of a window: the dt range prunes partitions on Athena, the hour range trims the ends. */
export function rawWindowCondition(window: RawWindow): string {
  if (!(window.from.getTime() <= window.to.getTime())) {
    throw new QueryError(`curation window: from ${window.from.toISOString()} is after to ${window.to.toISOString()}`, 'curation_window');
  }
  return `dt BETWEEN '${dayOf(window.from)}' AND '${dayOf(window.to)}' AND concat(dt, ' ', hour) BETWEEN '${hourOf(window.from)}' AND '${hourOf(window.to)}'`;
}

/** Default slack: partitions are re-read this far back (Firehose names an object by its oldest record, and buffers up to 900 s). */
export const DEFAULT_SLACK_HOURS = 2;

/**
 * The window of the next run: from the watermark (the `to` of the last successful run) minus the slack,
 * to now. No watermark (first run): undefined, run athenaRebuildStatements instead.
 */
export function curationWindow(watermark: Date | undefined, now: Date, slackHours = DEFAULT_SLACK_HOURS): RawWindow | undefined {
  if (watermark === undefined) return undefined;
  const from = new Date(Math.min(watermark.getTime(), now.getTime()) - slackHours * 3_600_000);
  return { from, to: now };
}

/** The Athena tables (in the stack's database). */
export const ATHENA_CURATION_RELATIONS = {
  target: `${DATABASE_NAME}.${CURATED_TABLE}`,
  pending: `${DATABASE_NAME}.${PENDING_TABLE}`,
  raw: `${DATABASE_NAME}.${TABLE_NAME}`,
} as const;

/**
 * The statements of one incremental run on Athena, to run in order (each is one StartQueryExecution).
 * Idempotent: repeating a run, or overlapping windows, leaves the tables as they are.
 */
export function athenaCurationStatements(viewSql: string, window: RawWindow): string[] {
  const r: CurationRelations = { ...ATHENA_CURATION_RELATIONS, rawWhere: rawWindowCondition(window) };
  return [curatedMergeSql(viewSql, r), pendingMergeSql(r)];
}

/** Recreate both tables' contents from the whole raw table (after a schema change, a restore, or to check). */
export function athenaRebuildStatements(viewSql: string): string[] {
  const r: CurationRelations = ATHENA_CURATION_RELATIONS;
  return [`DELETE FROM ${r.target}`, `DELETE FROM ${r.pending}`, curatedMergeSql(viewSql, r), pendingMergeSql(r)];
}
