// The time window an audit covers, by event creation time: [since, until). Stripe lists events of the
// last 30 days only, so a window reaching further back would silently look complete; it is refused.
import { parseInstant } from '@event-lake/cli-kit';

export const STRIPE_EVENTS_RETENTION_DAYS = 30;
export const DEFAULT_WINDOW_DAYS = 3;
const DAY_MS = 86_400_000;

/**
 * Seconds on top of Firehose's buffer interval before a recent event is expected in the lake: the buffer
 * flush is followed by the S3 write (and retries of it), which the interval does not include.
 */
export const DELIVERY_MARGIN_SECONDS = 300;

/** How long after its creation an event may still sit in Firehose's buffer: the interval plus the margin. */
export function deliverySettleMs(bufferIntervalSeconds: number): number {
  return (bufferIntervalSeconds + DELIVERY_MARGIN_SECONDS) * 1000;
}

/** True when events created before `until` may still be buffered, i.e. not delivered to the lake yet. */
export function mayStillBeBuffered(until: Date, now: Date, settleMs: number): boolean {
  return until.getTime() > now.getTime() - settleMs;
}

export interface AuditWindow {
  /** Inclusive. */
  readonly since: Date;
  /** Exclusive. */
  readonly until: Date;
}

export interface WindowFlags {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly days?: string | undefined;
}

/** Thrown with a message meant for the user; the caller wraps it in its own error type. */
export class WindowError extends Error {}

/**
 * The window of the flags. Without --until it ends `settleMs` before now (see deliverySettleMs), so that
 * events Firehose may still be buffering are neither reported missing nor backfilled a second time.
 */
export function resolveWindow(flags: WindowFlags, now: Date, settleMs = 0): AuditWindow {
  if (flags.days !== undefined && flags.since !== undefined) {
    throw new WindowError('use either --days or --since, not both');
  }
  const until = flags.until === undefined ? new Date(now.getTime() - settleMs) : parseInstant(flags.until, '--until');
  let since: Date;
  if (flags.since !== undefined) {
    since = parseInstant(flags.since, '--since');
  } else {
    const days = flags.days === undefined ? DEFAULT_WINDOW_DAYS : parseDays(flags.days);
    since = new Date(until.getTime() - days * DAY_MS);
  }
  if (since.getTime() >= until.getTime()) {
    throw new WindowError(`the window is empty: --since ${since.toISOString()} is not before --until ${until.toISOString()}`);
  }
  const oldest = new Date(now.getTime() - STRIPE_EVENTS_RETENTION_DAYS * DAY_MS);
  if (since.getTime() < oldest.getTime()) {
    throw new WindowError(
      `the window starts at ${since.toISOString()}, more than ${STRIPE_EVENTS_RETENTION_DAYS} days ago: ` +
        `Stripe's Events API only lists the last ${STRIPE_EVENTS_RETENTION_DAYS} days (since ${oldest.toISOString()}), ` +
        'so older events cannot be audited or backfilled from it',
    );
  }
  return { since, until };
}

function parseDays(raw: string): number {
  const days = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || days <= 0) throw new WindowError(`--days must be a positive number, got "${raw}"`);
  if (days > STRIPE_EVENTS_RETENTION_DAYS) {
    throw new WindowError(`--days ${raw} is more than ${STRIPE_EVENTS_RETENTION_DAYS}: Stripe's Events API only lists the last ${STRIPE_EVENTS_RETENTION_DAYS} days`);
  }
  return days;
}

/** Epoch seconds for Stripe's `created` filters. */
export function toEpochSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}
