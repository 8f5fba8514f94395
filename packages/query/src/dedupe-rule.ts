// The one dedupe rule is the query of athena/views/stripe_events_deduped.sql: per event id a complete
// delivery first, then webhook over eventbridge over backfill over snapshot, then the earliest received_at; split
// bodies reassembled. A filter on the view cannot prune partitions (it has to see every delivery of an
// id before choosing one), so SQL that reads only a window of partitions applies the view's own query to
// its window instead of carrying a rule of its own: named queries through a `-- dedupe: <relation>` line,
// code (replay, audits) through dedupedEventsSql. Both take the text from the view file, so there is one
// rule to change.
import { readSqlFiles, ATHENA_DIR } from './athena-dir.js';
import { DATABASE_NAME, TABLE_NAME } from './ddl.js';
import { QueryError } from './errors.js';
import { stripTrailingSemicolons } from './sql-text.js';

export const DEDUPE_VIEW = 'stripe_events_deduped';

const TABLE_REFERENCE = new RegExp(`\\b${DATABASE_NAME}\\.${TABLE_NAME}\\b`, 'g');
const VIEW_HEAD = /^CREATE OR REPLACE VIEW \S+ AS$/m;
const DEDUPE_LINE = /^([ \t]*)-- dedupe:(.*)$/gm;
const HAS_DEDUPE_LINE = /^[ \t]*-- dedupe:/m;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The view's query with the table replaced by `relation`: a CTE or view with the table's columns (dt, hour included). */
export function dedupeRuleOver(viewSql: string, relation: string): string {
  if (!IDENTIFIER.test(relation)) throw new QueryError(`dedupe: "${relation}" is not a relation name`, 'dedupe_rule');
  const head = VIEW_HEAD.exec(viewSql);
  if (!head) throw new QueryError(`dedupe: the ${DEDUPE_VIEW} view has no "CREATE OR REPLACE VIEW … AS" line`, 'dedupe_rule');
  const query = stripTrailingSemicolons(viewSql.slice(head.index + head[0].length)).trim();
  if (query.match(TABLE_REFERENCE) === null) {
    throw new QueryError(`dedupe: the ${DEDUPE_VIEW} view does not read ${DATABASE_NAME}.${TABLE_NAME}`, 'dedupe_rule');
  }
  return query.replace(TABLE_REFERENCE, relation);
}

/**
 * Replaces each line `-- dedupe: <relation>` (the whole body of a CTE) with the rule over that relation,
 * indented like the line. SQL without such a line comes back unchanged.
 */
export function expandDedupeLines(sql: string, viewSql: string): string {
  return sql.replace(DEDUPE_LINE, (_line, indent: string, relation: string) =>
    `${indent}-- the dedupe rule of athena/views/${DEDUPE_VIEW}.sql, over ${relation.trim()}\n` +
    dedupeRuleOver(viewSql, relation.trim()).split('\n').map((l) => (l === '' ? l : `${indent}${l}`)).join('\n'));
}

/** Whether `sql` has a `-- dedupe:` line to expand (so callers read the view file only when needed). */
export function hasDedupeLine(sql: string): boolean {
  return HAS_DEDUPE_LINE.test(sql);
}

/** The text of the view file that holds the rule. */
export async function dedupeViewSql(athenaDir = ATHENA_DIR): Promise<string> {
  const view = (await readSqlFiles('views', athenaDir)).find((v) => v.name === DEDUPE_VIEW);
  if (!view) throw new QueryError(`dedupe: no athena/views/${DEDUPE_VIEW}.sql in ${athenaDir}`, 'dedupe_rule');
  return view.text;
}

export interface DedupedEventsOptions {
  /**
   * A condition on the table's columns choosing the deliveries to deduplicate, e.g. a `dt` window (which
   * prunes partitions on Athena) and `type` or `id` filters. Trusted SQL: build values with renderParam.
   * Omitted: every delivery (the whole table, as the view reads it).
   */
  readonly where?: string;
  readonly athenaDir?: string;
}

/**
 * One row per event id among the deliveries matching `where`, chosen by the one dedupe rule, with the
 * columns of stripe_events_deduped (body reassembled; NULL when no delivery of the id is complete).
 * Filter `body IS NOT NULL` for complete deliveries only.
 */
export async function dedupedEventsSql(options: DedupedEventsOptions = {}): Promise<string> {
  const rule = dedupeRuleOver(await dedupeViewSql(options.athenaDir), 'selected_deliveries');
  return [
    'WITH selected_deliveries AS (',
    `  SELECT * FROM ${DATABASE_NAME}.${TABLE_NAME}`,
    ...(options.where === undefined ? [] : [`  WHERE ${options.where}`]),
    '),',
    'deduped AS (',
    rule,
    ')',
    'SELECT * FROM deduped',
  ].join('\n');
}
