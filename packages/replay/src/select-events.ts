// Runs the selection through the query layer (DuckDB over the local lake, or Athena) and turns the rows
// into events with their raw bytes, as the one dedupe rule reassembled them from the body parts (the same
// bytes as lake-format's rawBodyOf; packages/query/test/dedupe-reassembly.test.ts checks it).
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
  /** Which archived delivery is sent: webhook, eventbridge or backfill (snapshot lines are never selected). */
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
  let result;
  try {
    // Inside the try: the SQL reads the dedupe rule from athena/views/, part of what the query layer needs.
    const sql = await selectionSql(selection, lake.backend === 'athena' ? { slackDays: lake.slackDays } : undefined);
    result = await runQuery({ ...lake, sql });
  } catch (err) {
    throw new LakeError(`cannot read the lake (${lake.backend}): ${(err as Error).message}`, err);
  }
  return { ...toEvents(result.rows), stats: result.stats };
}

/** One row per event id, in order; a NULL body means no delivery of the event is complete. */
function toEvents(rows: readonly Record<string, unknown>[]): Omit<SelectedEvents, 'stats'> {
  const events: ReplayEvent[] = [];
  const incomplete: string[] = [];
  for (const row of rows) {
    const { id, type, created, source, body } = checked(row);
    if (body === null) incomplete.push(id);
    else events.push({ id, type, created, source, body: Buffer.from(body, 'utf8') });
  }
  return { events, incomplete };
}

interface SelectedRow {
  readonly id: string;
  readonly type: string;
  readonly created: string;
  readonly source: string;
  readonly body: string | null;
}

function checked(row: Record<string, unknown>): SelectedRow {
  for (const column of ['id', 'type', 'created', 'source'] as const) {
    if (typeof row[column] !== 'string') throw new LakeError(`the lake returned a row whose ${column} is not a string`);
  }
  if (typeof row['body'] !== 'string' && row['body'] !== null) throw new LakeError('the lake returned a row whose body is neither a string nor NULL');
  return row as unknown as SelectedRow;
}

async function requireFolder(lakeDir: string): Promise<void> {
  const isDir = await stat(lakeDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new LakeError(`the lake folder ${lakeDir} does not exist (set --lake-dir or LAKE_DIR)`);
}
