// Writes the events an audit found missing (or incomplete) into the delivery stream, through the same
// writer the ingress uses, so they land in the same table. Each event is fetched by id (`GET
// /v1/events/:id`, or `GET /v2/core/events/:id` for a thin event) rather than kept from the listing: a
// 30-day listing can hold millions of events, the missing ones are few.
import type Stripe from 'stripe';
import { EventShapeError } from '@event-lake/lake-format';
import type { ListedEvent } from './audit.js';
import { backfillLines } from './backfill-record.js';
import { DEFAULT_RATE_LIMIT_POLICY, retryOnRateLimit, type RateLimitPolicy } from './rate-limit.js';

/** The part of the Firehose writer (@event-lake/firehose-writer) the backfill needs: resolves once Firehose acknowledged. */
export interface ArchiveWriter {
  write(lines: readonly string[]): Promise<void>;
}

export interface BackfillProgress {
  readonly fetched: number;
  readonly written: number;
  readonly total: number;
}

export interface BackfillDeps {
  readonly stripe: Stripe;
  readonly writer: ArchiveWriter;
  readonly now: () => Date;
  readonly rateLimit?: RateLimitPolicy;
  readonly onProgress?: (progress: BackfillProgress) => void;
  /** Events fetched concurrently; Stripe's read limit is 100/s in live mode, 25/s in test mode. */
  readonly concurrency?: number;
  /** Events per writer.write call: one acknowledgement covers the group. */
  readonly eventsPerWrite?: number;
  /** Bytes per writer.write call at most (a single larger line still goes alone). */
  readonly maxWriteBytes?: number;
}

export const MAX_WRITE_BYTES = 16 * 1024 * 1024;

export interface BackfillSkip {
  readonly id: string;
  readonly reason: string;
}

export interface BackfillResult {
  /** Events acknowledged by the delivery stream. */
  readonly written: readonly ListedEvent[];
  readonly lines: number;
  readonly bytes: number;
  /** Events that could not be backfilled (gone from the API, not a valid event). */
  readonly skipped: readonly BackfillSkip[];
}

export class BackfillWriteError extends Error {
  constructor(message: string, readonly partial: BackfillResult, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackfillWriteError';
  }
}

export async function backfillEvents(deps: BackfillDeps, missing: readonly ListedEvent[]): Promise<BackfillResult> {
  const concurrency = deps.concurrency ?? 8;
  const groupSize = deps.eventsPerWrite ?? 100;
  const policy = deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const written: ListedEvent[] = [];
  const skipped: BackfillSkip[] = [];
  let lines = 0;
  let bytes = 0;
  let fetched = 0;
  const report = () => deps.onProgress?.({ fetched, written: written.length, total: missing.length });

  for (let start = 0; start < missing.length; start += groupSize) {
    const group = missing.slice(start, start + groupSize);
    const built = await mapConcurrently(group, concurrency, async (item) => {
      const outcome = await fetchLines(deps, policy, item);
      fetched += 1;
      report();
      return outcome;
    });
    const groupLines: string[] = [];
    const groupEvents: ListedEvent[] = [];
    built.forEach((outcome, i) => {
      if ('skip' in outcome) skipped.push(outcome.skip);
      else {
        groupLines.push(...outcome.lines);
        groupEvents.push(group[i]!);
      }
    });
    if (groupLines.length === 0) continue;
    try {
      // Bounded writes: the writer refuses more than its in-flight budget (64 MiB by default) at once,
      // and a group of large events can exceed it.
      for (const chunk of chunkByBytes(groupLines, deps.maxWriteBytes ?? MAX_WRITE_BYTES)) await deps.writer.write(chunk);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new BackfillWriteError(
        `the delivery stream did not acknowledge ${groupEvents.length} events (${reason}); ` +
          `${written.length} were acknowledged before; run the backfill again once Firehose has delivered those ` +
          '(its buffer interval): it writes only what is still missing',
        { written, lines, bytes, skipped },
        { cause: err },
      );
    }
    written.push(...groupEvents);
    lines += groupLines.length;
    bytes += groupLines.reduce((sum, l) => sum + Buffer.byteLength(l), 0);
    report();
  }
  return { written, lines, bytes, skipped };
}

async function fetchLines(
  deps: BackfillDeps, policy: RateLimitPolicy, item: ListedEvent,
): Promise<{ lines: string[] } | { skip: BackfillSkip }> {
  let event: unknown;
  try {
    event = await retryOnRateLimit(() => retrieve(deps.stripe, item), policy);
  } catch (err) {
    // Gone since the listing (older than 30 days by now): nothing can be fetched, report and go on.
    if (isResourceMissing(err)) return { skip: { id: item.id, reason: 'no longer available from the Events API' } };
    throw err;
  }
  try {
    return { lines: backfillLines(event, deps.now()) };
  } catch (err) {
    if (err instanceof EventShapeError) return { skip: { id: item.id, reason: `not a valid event: ${err.message}` } };
    throw err;
  }
}

/** The event as the API returns it (stripe-node's helper methods are functions: JSON leaves them out). */
function retrieve(stripe: Stripe, item: ListedEvent): Promise<unknown> {
  return item.kind === 'v2' ? stripe.v2.core.events.retrieve(item.id) : stripe.events.retrieve(item.id);
}

function isResourceMissing(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; statusCode?: unknown };
  return e.code === 'resource_missing' || e.statusCode === 404;
}

/** Groups lines into writes of at most `maxBytes` (a single larger line still goes alone). */
export function chunkByBytes(lines: readonly string[], maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Maps with at most `limit` calls in flight, keeping input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
