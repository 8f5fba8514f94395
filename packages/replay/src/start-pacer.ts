// Spaces request starts so that no 1-second window, at any offset, holds more than `rate` starts.
// Two rules together: starts are at least 1/rate s apart (smooth from the first request: nothing like a
// token bucket that starts full and bursts), and a start is allowed only when the start `rate` places
// back lies more than a second ago. The second rule is the guarantee: it holds even when timers fire late
// and bunch starts up, because it is checked against the clock after every wake-up. Waiting is abortable
// (Ctrl-C): an aborted wait rejects at once, and so does every caller queued behind it.
import { setTimeout as delay } from 'node:timers/promises';

export interface PacerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Rejects (AbortError) as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
};

const WINDOW_MS = 1000;
/** Strictly more than a second: a closed window [t, t + 1 s] holds at most `rate` starts too. */
const GUARD_MS = 1;

export class StartPacer {
  /** The last `rate` start times, oldest at `next` (a ring). */
  private readonly recent: number[] = [];
  private next = 0;
  private last = Number.NEGATIVE_INFINITY;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: number,
    private readonly clock: PacerClock = realClock,
  ) {
    if (!Number.isInteger(rate) || rate < 1) throw new RangeError(`rate must be a whole number ≥ 1, got ${rate}`);
  }

  /**
   * Resolves when one request may start, and counts that start; callers are served in order. Rejects
   * with `signal`'s reason, counting nothing, once `signal` is aborted, also while queued.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(() => this.waitForSlot(signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const spaced = this.last + WINDOW_MS / this.rate;
      const windowFree = this.recent.length < this.rate ? Number.NEGATIVE_INFINITY : this.recent[this.next]! + WINDOW_MS + GUARD_MS;
      const earliest = Math.max(spaced, windowFree);
      if (now >= earliest) {
        this.record(now);
        return;
      }
      await this.clock.sleep(Math.max(1, Math.ceil(earliest - now)), signal);
    }
  }

  private record(at: number): void {
    this.last = at;
    if (this.recent.length < this.rate) this.recent.push(at);
    else {
      this.recent[this.next] = at;
      this.next = (this.next + 1) % this.rate;
    }
  }
}
