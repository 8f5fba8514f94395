// Which arrival partitions can hold lake objects no listing has seen yet, so the check before a curated
// query lists what is new rather than the whole archive (1,440 hour folders, lake and cache, on a 30-day
// lake). Firehose (and firehose-local: object-delivery.ts) files an object under the arrival hour of the
// oldest record in its buffer and writes it within its buffering interval (at most 900 s), so a new
// object's hour is at most 1 h 15 min older than the moment it is written.
//
// Guarantee: a quick check lists every arrival hour from (the newest hour already curated − DEFAULT_SLACK_HOURS)
// on, so it sees every object written less than an hour after its arrival hour ended; one written later
// (a write-ahead log delivered after a long outage, an object copied in by hand) is seen by the next full
// listing: a statement that reads the raw table, `pnpm curate`, or the first statement once the last full
// listing is FULL_LISTING_EVERY_MS old.
import { PARTITION_KEYS } from '@event-lake/lake-format';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SLACK_HOURS } from './curation-sql.js';
import { curatedRoot, readManifest } from './local-curation.js';

export const FULL_LISTING_EVERY_MS = 60 * 60_000;
const STATE = 'full-listing.json';
const HOUR_MS = 3_600_000;

const [DAY_KEY, HOUR_KEY] = PARTITION_KEYS.map((k) => k.name);

/** `dt=yyyy-MM-dd/hour=HH` of an instant (UTC), as Firehose names the folder. */
export function partitionOf(at: Date): string {
  const iso = at.toISOString();
  return `${DAY_KEY}=${iso.slice(0, 10)}/${HOUR_KEY}=${iso.slice(11, 13)}`;
}

/** The start of the arrival hour of `dt=…/hour=…/<name>` (or of `dt=…/hour=…`); undefined if not one. */
export function partitionStart(object: string): Date | undefined {
  const m = new RegExp(`^${DAY_KEY}=(\\d{4}-\\d{2}-\\d{2})[/\\\\]${HOUR_KEY}=(\\d{2})(?:[/\\\\]|$)`).exec(object);
  if (!m) return undefined;
  const at = new Date(`${m[1]}T${m[2]}:00:00.000Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The first partition a quick check must list, or undefined when it must list everything: nothing
 * curated yet, or no full listing recorded within FULL_LISTING_EVERY_MS.
 */
export async function quickCheckSince(lakeDir: string, now: number): Promise<string | undefined> {
  const fullAt = await readFile(path.join(curatedRoot(lakeDir), STATE), 'utf8').then((t) => Number((JSON.parse(t) as { at?: unknown }).at), () => NaN);
  if (!(now - fullAt >= 0 && now - fullAt < FULL_LISTING_EVERY_MS)) return undefined;
  const newest = (await readManifest(lakeDir)).objects.at(-1); // sorted: the newest arrival hour is last
  const start = newest === undefined ? undefined : partitionStart(newest);
  return start === undefined ? undefined : partitionOf(new Date(start.getTime() - DEFAULT_SLACK_HOURS * HOUR_MS));
}

/** Records that every object of a full listing started at `at` is curated (written by rename: readers see the old or the new time). */
export async function recordFullListing(lakeDir: string, at: number): Promise<void> {
  const dir = curatedRoot(lakeDir);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `${STATE}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  await writeFile(temp, JSON.stringify({ at }));
  await rename(temp, path.join(dir, STATE));
}
