// Turns a sealed write-ahead-log segment into one GZIP object in the lake, the way Firehose delivers to S3:
// key = evaluated data prefix (arrival time of the oldest record, UTC) + Firehose's object name. The object
// is written under a temporary name and renamed, so readers never see half an object; the segment is
// removed only after the rename is durable, and a segment whose object already exists (a crash between
// the two) is simply removed, so recovery neither loses nor duplicates an object.
import { readFile, rename, unlink, mkdir, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { DATA_PREFIX_TEMPLATE, evaluatePrefix, objectName } from '@event-lake/lake-format';
import { decodeSegment } from './wal-format.js';
import { fsyncDirectory, writeFileDurably } from './fs-durable.js';
import type { Segment } from './write-ahead-log.js';

const gzip = promisify(gzipCallback);

/** Firehose numbers each version of a stream's configuration; ours never changes. */
export const STREAM_VERSION = 1;

export interface DeliveredObject {
  key: string;
  records: number;
  bytes: number;
}

export interface ObjectDeliveryOptions {
  lakeDir: string;
  tmpDir: string;
  streamName: string;
  gzipLevel: number;
  /** Partition folders whose entries are known durable (shared by the deliveries of one stream). */
  durableDirs: Set<string>;
}

export function objectKey(streamName: string, firstArrivalMs: number, uuid: string): string {
  const at = new Date(firstArrivalMs);
  return evaluatePrefix(DATA_PREFIX_TEMPLATE, at) + objectName(streamName, STREAM_VERSION, at, uuid);
}

/** Delivers one segment; returns undefined when it held nothing or had already been delivered. */
export async function deliverSegment(segment: Segment, options: ObjectDeliveryOptions): Promise<DeliveredObject | undefined> {
  // Segments sealed by this process were just written and fsynced; only leftovers of a crash need the CRCs.
  const decoded = decodeSegment(await readFile(segment.path), { verify: segment.bytes === 0 });
  if (decoded.firstArrivalMs === undefined) {
    await unlink(segment.path);
    return undefined;
  }
  const key = objectKey(options.streamName, decoded.firstArrivalMs, segment.uuid);
  const finalPath = join(options.lakeDir, key);
  if (await exists(finalPath)) {
    await unlink(segment.path);
    return undefined;
  }
  const payload = decoded.payloads.length === 1 ? decoded.payloads[0]! : Buffer.concat(decoded.payloads);
  // Large output chunks: fewer round trips between zlib's thread and the event loop.
  const compressed = await gzip(payload, { level: options.gzipLevel, chunkSize: 1024 * 1024 });
  const tmpPath = join(options.tmpDir, `${segment.uuid}.gz.tmp`);
  await writeFileDurably(tmpPath, compressed);
  const finalDir = dirname(finalPath);
  await mkdir(finalDir, { recursive: true });
  await rename(tmpPath, finalPath);
  // The rename, and the entries of the partition folders above it, must be durable before the segment goes.
  // Folders are made durable once per process (a new hour folder appears once an hour).
  await fsyncDirectory(finalDir);
  if (!options.durableDirs.has(finalDir)) {
    for (let dir = finalDir; dir !== options.lakeDir && dir !== dirname(dir); dir = dirname(dir)) {
      await fsyncDirectory(dirname(dir));
    }
    options.durableDirs.add(finalDir);
  }
  await unlink(segment.path);
  return { key, records: decoded.records, bytes: payload.length };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
