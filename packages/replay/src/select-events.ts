// Runs the selection through the query layer (DuckDB over the local lake, or Athena) and turns the rows
// into events with their raw bytes, reassembled from the body parts by lake-format's rawBodyOf.
import { rawBodyOf, type ArchiveRecord } from '@event-lake/lake-format';
import { runQuery, type AthenaApi, type AthenaProgress, type CacheProgress, type QueryStats } from '@event-lake/query';
import { stat } from 'node:fs/promises';
import { LakeError } from './errors.js';
import type { Selection } from './selection.js';
import { selectionSql } from './selection-sql.js';

export interface ReplayEvent {
  readonly id: string;
  readonly type: string;
  /** ISO-8601 UTC (the archive's normalised `created`). */
  readonly created: string;
  /** Which archived delivery is sent: webhook, eventbridge or backfill. */
  readonly source: string;
  /** The body bytes exactly as archived. */
  readonly body: Buffer;
}

export interface SelectedEvents {
  readonly events: readonly ReplayEvent[];
  /** Ids in the selection with no complete delivery (a body part never arrived): not sent. */
  readonly incomplete: readonly string[];
  readonly stats: QueryStats;
}

export type LakeBackend =
  | {
      readonly backend: 'local';
      readonly lakeDir: string;
      /** false: read the gzipped objects, not the query layer's Parquet cache (which it writes into the lake folder). */
      readonly cache?: false;
      readonly onCacheProgress?: (p: CacheProgress) => void;
    }
  | {
      readonly backend: 'athena';
      /** Days after --until an event may still have arrived; widens the arrival partitions scanned. */
      readonly slackDays: number;
      readonly region?: string;
      readonly workgroup?: string;
      readonly database?: string;
      readonly outputLocation?: string;
      /** Defaults to a real AthenaClient; tests pass a fake at the SDK seam. */
      readonly api?: AthenaApi;
      readonly onProgress?: (p: AthenaProgress) => void;
      readonly signal?: AbortSignal;
    };

export async function selectEvents(selection: Selection, lake: LakeBackend): Promise<SelectedEvents> {
  if (lake.backend === 'local') await requireFolder(lake.lakeDir);
  const sql = lake.backend === 'athena' ? selectionSql(selection, { slackDays: lake.slackDays }) : selectionSql(selection);
  let result;
  try {
    result = await runQuery({ ...lake, sql });
  } catch (err) {
    throw new LakeError(`cannot read the lake (${lake.backend}): ${(err as Error).message}`, err);
  }
  return { ...assemble(result.rows), stats: result.stats };
}

/** Rows arrive ordered by created, id, body_part: one run of rows per event. */
function assemble(rows: readonly Record<string, unknown>[]): Omit<SelectedEvents, 'stats'> {
  const events: ReplayEvent[] = [];
  const incomplete: string[] = [];
  let parts: ArchiveRecord[] = [];
  let complete = true;
  const flush = () => {
    const first = parts[0];
    if (!first) return;
    let body: Buffer | undefined;
    try {
      if (complete) body = rawBodyOf(parts);
    } catch {
      body = undefined; // parts mixed or missing: the SQL's completeness check and rawBodyOf's disagree
    }
    if (body) events.push({ id: first.id, type: first.type, created: first.created, source: first.source, body });
    else incomplete.push(first.id);
    parts = [];
  };
  for (const row of rows) {
    const record = toRecord(row);
    if (parts[0] && parts[0].id !== record.id) flush();
    if (parts.length === 0) complete = row['is_complete'] === true;
    parts.push(record);
  }
  flush();
  return { events, incomplete };
}

function toRecord(row: Record<string, unknown>): ArchiveRecord {
  for (const [column, type] of [['id', 'string'], ['type', 'string'], ['created', 'string'], ['source', 'string'], ['delivery_id', 'string'],
    ['body', 'string'], ['body_part', 'number'], ['body_parts', 'number']] as const) {
    if (typeof row[column] !== type) throw new LakeError(`the lake returned a row whose ${column} is not a ${type}`);
  }
  return row as unknown as ArchiveRecord;
}

async function requireFolder(lakeDir: string): Promise<void> {
  const isDir = await stat(lakeDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new LakeError(`the lake folder ${lakeDir} does not exist (set --lake-dir or LAKE_DIR)`);
}
