// Drives the replay: at most `concurrency` events in flight, every attempt (retries included) started
// through the pacer, failed attempts retried with backoff, each success recorded in the checkpoint before
// the slot takes the next event. Events in the checkpoint are skipped.
import { setTimeout as delay } from 'node:timers/promises';
import type { Checkpoint } from './checkpoint.js';
import type { AttemptOutcome, Sender } from './http-sender.js';
import type { ReplayEvent } from './select-events.js';

export interface RetryPolicy {
  /** Attempts per event, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A consumer's Retry-After is honoured up to this long. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 };

export interface Failure {
  readonly id: string;
  readonly type: string;
  /** The last attempt's HTTP status, or why there was none. */
  readonly status: number | string;
  readonly attempts: number;
}

export interface ReplayCounts {
  readonly selected: number;
  readonly delivered: number;
  readonly failed: number;
  readonly skipped: number;
  /** Not attempted, or given up between attempts, because the run was stopped (Ctrl-C). */
  readonly notAttempted: number;
  readonly inFlight: number;
}

export interface ReplayOutcome extends ReplayCounts {
  readonly failures: readonly Failure[];
}

export interface ReplayOptions {
  readonly events: readonly ReplayEvent[];
  readonly send: Sender;
  /** Resolves when one attempt may start (StartPacer.acquire); rejects once `signal` aborts. */
  readonly acquireStart: (signal?: AbortSignal) => Promise<void>;
  readonly concurrency: number;
  readonly retry?: RetryPolicy;
  readonly checkpoint?: Checkpoint;
  /** Aborting stops new attempts at once (waits for the pacer and backoff sleeps end); attempts in flight finish (and are recorded). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (counts: ReplayCounts) => void;
  /** Backoff sleep; rejects once `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export async function replayEvents(options: ReplayOptions): Promise<ReplayOutcome> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const random = options.random ?? Math.random;
  const done = options.checkpoint?.done ?? new Set<string>();
  const queue = options.events.filter((e) => !done.has(e.id));
  const failures: Failure[] = [];
  const counts = { selected: options.events.length, delivered: 0, failed: 0, skipped: options.events.length - queue.length, notAttempted: 0, inFlight: 0 };
  let fatal: { error: unknown } | undefined; // the checkpoint could not be written: stop starting events
  const stopped = () => options.signal?.aborted === true || fatal !== undefined;
  const report = () => options.onProgress?.({ ...counts });
  let next = 0;

  /** Runs a wait that rejects on abort; true when the run was stopped meanwhile (no attempt may start). */
  const waitUnlessStopped = async (wait: () => Promise<void>): Promise<boolean> => {
    try {
      await wait();
    } catch (error) {
      if (!stopped()) throw error;
    }
    return stopped();
  };

  const deliverOne = async (event: ReplayEvent): Promise<void> => {
    let outcome: AttemptOutcome | undefined;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      const stoppedWhileWaiting =
        (attempt > 1 && await waitUnlessStopped(() => sleep(backoffMs(outcome, attempt, retry, random), options.signal))) ||
        // Checked after the pacer too: a worker queued there when Ctrl-C came never starts a request.
        await waitUnlessStopped(() => options.acquireStart(options.signal));
      if (stoppedWhileWaiting) {
        counts.notAttempted++;
        return;
      }
      counts.inFlight++;
      report();
      outcome = await options.send(event).finally(() => counts.inFlight--);
      if (outcome.ok) {
        await options.checkpoint?.record(event.id);
        counts.delivered++;
        return;
      }
    }
    counts.failed++;
    failures.push({ id: event.id, type: event.type, status: outcome?.status ?? 'not sent', attempts: retry.attempts });
  };

  const worker = async (): Promise<void> => {
    while (next < queue.length && !stopped()) {
      try {
        await deliverOne(queue[next++]!);
      } catch (error) {
        fatal ??= { error };
      }
      report();
    }
  };
  report();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  if (fatal) throw fatal.error;
  counts.notAttempted += queue.length - next;
  report();
  return { ...counts, failures };
}

/** Retry-After when the consumer sent one (capped), else exponential backoff with jitter (half to full). */
function backoffMs(previous: AttemptOutcome | undefined, attempt: number, retry: RetryPolicy, random: () => number): number {
  if (previous && !previous.ok && previous.retryAfterMs !== undefined) return Math.min(previous.retryAfterMs, retry.maxRetryAfterMs);
  const exp = Math.min(retry.baseDelayMs * 2 ** (attempt - 2), retry.maxDelayMs);
  return exp / 2 + random() * (exp / 2);
}
