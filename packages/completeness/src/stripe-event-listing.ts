// Lists the events of a window from Stripe's Events APIs with stripe-node's auto-pagination: snapshot
// events from `GET /v1/events` (listStripeEvents) and thin events from `GET /v2/core/events`
// (thin-event-listing.ts), through one resumable loop. A 429 ends stripe-node's iterator (see
// rate-limit.ts); we wait and resume the listing after the last event already seen, so no page is lost
// or read twice.
import type Stripe from 'stripe';
import { toEpochSeconds, type AuditWindow } from './audit-window.js';
import { DEFAULT_RATE_LIMIT_POLICY, isRateLimited, rateLimitDelayMs, type RateLimitPolicy } from './rate-limit.js';

export const PAGE_SIZE = 100; // Stripe's maximum for /v1/events

export interface ListFilters {
  /** `false` lists only events whose delivery failed or is still pending (Stripe's `delivery_success`, v1 only). */
  readonly deliverySuccess?: boolean | undefined;
  /** At most 20 exact event types (Stripe's `types`). */
  readonly types?: readonly string[] | undefined;
}

export interface ListingProgress {
  readonly events: number;
  readonly pages: number;
  /** `created` of the last event seen: the listing walks back in time from the window's end. */
  readonly at: Date | null;
  readonly rateLimitWaits: number;
}

export interface ListOptions extends ListFilters {
  readonly window: AuditWindow;
  readonly pageSize?: number;
  readonly onProgress?: (progress: ListingProgress) => void;
  readonly rateLimit?: RateLimitPolicy;
}

/** Every snapshot event of the window, newest first, each exactly once. */
export function listStripeEvents(stripe: Stripe, options: ListOptions): AsyncGenerator<Stripe.Event> {
  const base: Stripe.EventListParams = {
    limit: options.pageSize ?? PAGE_SIZE,
    created: { gte: toEpochSeconds(options.window.since), lt: Math.ceil(options.window.until.getTime() / 1000) },
    ...(options.deliverySuccess === undefined ? {} : { delivery_success: options.deliverySuccess }),
    ...(options.types && options.types.length > 0 ? { types: [...options.types] } : {}),
  };
  return resumableListing(stripe, {
    listPath: '/v1/events',
    createdAt: (event) => new Date(event.created * 1000),
    // `starting_after` resumes exactly after the last event seen.
    open: (last) => stripe.events.list(last ? { ...base, starting_after: last.id } : base),
  }, options);
}

export interface ResumableSource<T> {
  /** The list endpoint's path, to count its pages from stripe-node's response events. */
  readonly listPath: string;
  readonly createdAt: (event: T) => Date;
  /** Opens the listing from the start, or after `last`, the last event yielded so far. */
  readonly open: (last: T | undefined) => AsyncIterable<T>;
}

/** Runs `source` to its end, waiting out 429s per the policy and resuming after the last event yielded. */
export async function* resumableListing<T>(
  stripe: Stripe, source: ResumableSource<T>, options: Pick<ListOptions, 'onProgress' | 'rateLimit'>,
): AsyncGenerator<T> {
  const policy = options.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const progress = { events: 0, pages: 0, at: null as Date | null, rateLimitWaits: 0 };
  const onResponse = (e: { path: string; status: number }) => {
    if (e.status === 200 && (e.path === source.listPath || e.path.startsWith(`${source.listPath}?`))) {
      progress.pages += 1;
      options.onProgress?.({ ...progress });
    }
  };
  stripe.on('response', onResponse);
  let last: T | undefined;
  let failures = 0;
  try {
    for (;;) {
      try {
        for await (const event of source.open(last)) {
          failures = 0;
          last = event;
          progress.events += 1;
          progress.at = source.createdAt(event);
          yield event;
        }
        options.onProgress?.({ ...progress });
        return;
      } catch (err) {
        if (!isRateLimited(err) || failures >= policy.maxRetries) throw err;
        failures += 1;
        progress.rateLimitWaits += 1;
        options.onProgress?.({ ...progress });
        await policy.sleep(rateLimitDelayMs(err, failures, policy));
      }
    }
  } finally {
    stripe.off('response', onResponse);
  }
}
