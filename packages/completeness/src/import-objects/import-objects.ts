// Lists each (account, type) and, unless it is a dry run, writes a snapshot of every object into the
// delivery stream through the backfill's writer path (archive lines, chunked writes, resolved only once
// Firehose acknowledged). Pages are listed while earlier pages' writes are in flight, a few at most.
// One type's listing failing (a key without read access to it) does not stop the others; the delivery
// stream failing stops everything, since nothing more could be written.
import Stripe from 'stripe';
import { EventShapeError } from '@event-lake/lake-format';
import { chunkByBytes, MAX_WRITE_BYTES, type ArchiveWriter } from '../backfill.js';
import type { RateLimitPolicy } from '../rate-limit.js';
import { listObjectPages, type StripeObject } from './object-listing.js';
import type { ObjectTypeSpec } from './object-types.js';
import { snapshotLines, type SnapshotRun } from './snapshot-record.js';

/** Pages whose writes may be unacknowledged at once while the next page is listed. */
const MAX_PENDING_WRITES = 4;

export interface TypeResult {
  readonly account: string | null;
  readonly type: string;
  /** Objects the listing returned. */
  listed: number;
  /** Objects whose snapshot the delivery stream acknowledged. */
  written: number;
  /** Objects listed but not written: not a valid object, or their write was not acknowledged. */
  failed: number;
  pages: number;
  rateLimitWaits: number;
  /** The listing reached its end (false when it failed or was interrupted). */
  complete: boolean;
  /** Why the listing or a write failed (one line, API key redacted). */
  error?: string;
}

export interface ImportDeps {
  readonly stripe: Stripe;
  /** Absent: a dry run, which lists and counts but writes nothing. */
  readonly writer?: ArchiveWriter;
  readonly now: () => Date;
  readonly rateLimit?: RateLimitPolicy;
  readonly signal?: AbortSignal;
  /** After every page (and rate-limit wait), and once more, `final`, when a type's listing ends. */
  readonly onProgress?: (result: Readonly<TypeResult>, final: boolean) => void;
}

export interface ImportPlan {
  readonly run: SnapshotRun;
  /** null is the platform's own objects. */
  readonly accounts: readonly (string | null)[];
  readonly types: readonly ObjectTypeSpec[];
}

export interface ImportOutcome {
  readonly results: readonly TypeResult[];
  readonly interrupted: boolean;
  /** The delivery stream failed: the run stopped there. */
  readonly writeFailure?: string;
}

export class DeliveryStreamError extends Error {}

export async function importObjects(deps: ImportDeps, plan: ImportPlan): Promise<ImportOutcome> {
  const results: TypeResult[] = [];
  for (const account of plan.accounts) {
    for (const spec of plan.types) {
      if (deps.signal?.aborted) return { results, interrupted: true };
      const result: TypeResult = { account, type: spec.type, listed: 0, written: 0, failed: 0, pages: 0, rateLimitWaits: 0, complete: false };
      results.push(result);
      try {
        await importType(deps, plan.run, spec, result);
      } catch (err) {
        if (err instanceof DeliveryStreamError) return { results, interrupted: false, writeFailure: err.message };
        // A key Stripe refuses is refused for every type: stop, and let the caller say so once.
        if (err instanceof Stripe.errors.StripeAuthenticationError) throw err;
        result.error = redactKeys(err instanceof Error ? err.message : String(err));
      } finally {
        deps.onProgress?.(result, true);
      }
    }
  }
  return { results, interrupted: deps.signal?.aborted === true && results.some((r) => !r.complete) };
}

async function importType(deps: ImportDeps, run: SnapshotRun, spec: ObjectTypeSpec, result: TypeResult): Promise<void> {
  const pending: Promise<void>[] = [];
  let writeError: string | undefined;
  const write = (lines: string[], objects: number): Promise<void> =>
    (async () => {
      for (const chunk of chunkByBytes(lines, MAX_WRITE_BYTES)) await deps.writer!.write(chunk);
    })().then(
      () => { result.written += objects; },
      (err: unknown) => {
        result.failed += objects;
        writeError ??= redactKeys(err instanceof Error ? err.message : String(err));
      },
    );
  const settle = async (keep: number) => {
    while (pending.length > keep) await pending.shift();
    if (writeError !== undefined) {
      result.error = `the delivery stream did not acknowledge a write: ${writeError}`;
      throw new DeliveryStreamError(`${result.type}${result.account ? ` (${result.account})` : ''}: ${result.error}`);
    }
  };

  try {
    for await (const page of listObjectPages(deps.stripe, spec, {
      account: result.account,
      ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      onRateLimitWait: () => {
        result.rateLimitWaits += 1;
        deps.onProgress?.(result, false);
      },
    })) {
      result.pages += 1;
      result.listed += page.length;
      if (deps.writer) {
        const { lines, objects } = buildLines(page, run, result, deps.now());
        if (objects > 0) pending.push(write(lines, objects));
        await settle(MAX_PENDING_WRITES - 1);
      }
      deps.onProgress?.(result, false);
    }
    result.complete = !deps.signal?.aborted;
  } finally {
    // Whatever ends the listing, every write already started is waited for, so the counts are what
    // Firehose acknowledged (Ctrl-C included).
    await Promise.all(pending);
  }
  await settle(0);
}

function buildLines(page: readonly StripeObject[], run: SnapshotRun, result: TypeResult, receivedAt: Date): { lines: string[]; objects: number } {
  const lines: string[] = [];
  let objects = 0;
  for (const object of page) {
    try {
      lines.push(...snapshotLines(object, run, result.account, receivedAt));
      objects += 1;
    } catch (err) {
      if (!(err instanceof EventShapeError)) throw err;
      result.failed += 1;
      result.error ??= `${object.id}: not a valid object (${err.message})`;
    }
  }
  return { lines, objects };
}

/** Stripe's error messages may quote the key, masked to its last characters: no part of it is printed. */
export function redactKeys(text: string): string {
  return text.replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+/g, '[redacted API key]');
}
