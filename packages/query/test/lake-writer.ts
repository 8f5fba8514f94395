// Writes sample events into a lake folder the way Firehose does: gzipped NDJSON objects under
// events/dt=YYYY-MM-DD/hour=HH/, one object per arrival hour, named like Firehose's objects.
import { DATA_PREFIX_TEMPLATE, evaluatePrefix, objectName, toArchiveLines, DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ScenarioEvent } from '@event-lake/test-kit';

export interface WriteLakeOptions {
  /** Events whose index is in this set are split into parts of at most this many bytes per line. */
  readonly splitEvery?: { readonly nth: number; readonly maxLineBytes: number };
}

/** One archive line set per delivery; returns the number of lines written. */
export async function writeLake(lakeDir: string, events: readonly ScenarioEvent[], options: WriteLakeOptions = {}): Promise<number> {
  const byHour = new Map<string, { at: Date; lines: string[] }>();
  events.forEach((e, index) => {
    e.deliveries.forEach((receivedAt, d) => {
      const split = options.splitEvery && index % options.splitEvery.nth === 0 ? options.splitEvery.maxLineBytes : undefined;
      const lines = toArchiveLines(
        { source: 'webhook', deliveryId: `dlv-${index}-${d}`, receivedAt, signature: 't=1,v1=test', body: e.body, event: e.summary },
        split,
      );
      const hour = new Date(Math.floor(receivedAt.getTime() / 3_600_000) * 3_600_000);
      const key = hour.toISOString();
      const slot = byHour.get(key) ?? { at: hour, lines: [] };
      slot.lines.push(...lines);
      byHour.set(key, slot);
    });
  });
  let count = 0;
  for (const { at, lines } of byHour.values()) {
    const uuid = `00000000-0000-4000-8000-${String(at.getTime() / 3_600_000).padStart(12, '0')}`;
    await writeLakeObject(lakeDir, at, lines, objectName(DEFAULT_DELIVERY_STREAM_NAME, 1, at, uuid));
    count += lines.length;
  }
  return count;
}

/** Writes archive lines as one gzipped object in the partition of the hour of `at`. */
export async function writeLakeObject(lakeDir: string, at: Date, lines: readonly string[], name = 'lake.gz'): Promise<void> {
  const dir = path.join(lakeDir, evaluatePrefix(DATA_PREFIX_TEMPLATE, at));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), gzipSync(lines.join('')));
}
