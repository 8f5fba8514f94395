// Writes archive lines into a local lake folder as Firehose (and firehose-local) deliver them: gzipped
// NDJSON objects under the data prefix of their arrival time. Keys come from lake-format's layout
// (DATA_PREFIX_TEMPLATE, evaluatePrefix) and, for Firehose's object names, firehose-local's own `objectKey`;
// lines come from the caller (lake-format's toArchiveLines, or a writer's own such as backfillLines).
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { objectKey } from '@event-lake/firehose-local';
import { DATA_PREFIX_TEMPLATE, DEFAULT_DELIVERY_STREAM_NAME, evaluatePrefix, toArchiveLines } from '@event-lake/lake-format';
import type { ScenarioEvent } from './stripe-fixtures.js';

const HOUR_MS = 3_600_000;

export interface LakeObjectOptions {
  /** The object's file name; Firehose's `<stream>-1-<yyyy-MM-dd-HH-mm-ss>-<uuid>.gz` by default. */
  readonly name?: string;
  /** The UUID in Firehose's name; a fresh one by default, as Firehose gives every object. */
  readonly uuid?: string;
  /** gzip level; zlib's default unless given (benchmarks that build big lakes use 1). */
  readonly gzipLevel?: number;
}

/** Writes `lines` (each ending in `\n`) as one object delivered at `arrivedAt`; returns its key in the lake. */
export async function writeLakeObject(lakeDir: string, arrivedAt: Date, lines: readonly string[], options: LakeObjectOptions = {}): Promise<string> {
  const key = options.name === undefined
    ? objectKey(DEFAULT_DELIVERY_STREAM_NAME, arrivedAt.getTime(), options.uuid ?? randomUUID())
    : evaluatePrefix(DATA_PREFIX_TEMPLATE, arrivedAt) + options.name;
  const file = path.join(lakeDir, key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, gzipSync(lines.join(''), options.gzipLevel === undefined ? {} : { level: options.gzipLevel }));
  return key;
}

export interface ArrivedLines {
  readonly arrivedAt: Date;
  readonly lines: readonly string[];
}

export interface LakeHoursOptions {
  /**
   * `fresh` (default): every object gets a new UUID, as Firehose does. `per-hour`: the UUID comes from the
   * hour, so a lake rebuilt from the same fixture has the same keys and writing an hour again replaces it.
   */
  readonly names?: 'fresh' | 'per-hour';
}

/** One object per arrival hour (named at the hour's start), in the order the lines were given. Returns the line count. */
export async function writeLakeHours(lakeDir: string, deliveries: Iterable<ArrivedLines>, options: LakeHoursOptions = {}): Promise<number> {
  const byHour = new Map<number, string[]>();
  for (const { arrivedAt, lines } of deliveries) {
    const hour = Math.floor(arrivedAt.getTime() / HOUR_MS) * HOUR_MS;
    const slot = byHour.get(hour) ?? [];
    slot.push(...lines);
    byHour.set(hour, slot);
  }
  let count = 0;
  for (const [hour, lines] of byHour) {
    const uuid = options.names === 'per-hour' ? `00000000-0000-4000-8000-${String(hour / HOUR_MS).padStart(12, '0')}` : undefined;
    await writeLakeObject(lakeDir, new Date(hour), lines, uuid === undefined ? {} : { uuid });
    count += lines.length;
  }
  return count;
}

export interface ScenarioLakeOptions {
  /** Events whose index is a multiple of `nth` are split into parts of at most `maxLineBytes` per line. */
  readonly splitEvery?: { readonly nth: number; readonly maxLineBytes: number };
}

/** Every delivery of a scenario as webhook archive lines, one object per arrival hour (`per-hour` names). Returns the line count. */
export async function writeScenarioLake(lakeDir: string, events: readonly ScenarioEvent[], options: ScenarioLakeOptions = {}): Promise<number> {
  const deliveries = events.flatMap((e, index) => e.deliveries.map((receivedAt, d): ArrivedLines => {
    const split = options.splitEvery && index % options.splitEvery.nth === 0 ? options.splitEvery.maxLineBytes : undefined;
    const lines = toArchiveLines(
      { source: 'webhook', deliveryId: `dlv-${index}-${d}`, receivedAt, signature: 't=1,v1=test', body: e.body, event: e.summary },
      split,
    );
    return { arrivedAt: receivedAt, lines };
  }));
  return writeLakeHours(lakeDir, deliveries, { names: 'per-hour' });
}
