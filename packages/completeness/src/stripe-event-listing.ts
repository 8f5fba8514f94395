// Lists the events of a window from Stripe's Events API with stripe-node's auto-pagination.
// A 429 ends stripe-node's iterator (see rate-limit.ts); we wait and resume the same listing with
// `starting_after` = the last event already seen, so no page is lost or read twice.
import type Stripe from 'stripe';
import { toEpochSeconds, type AuditWindow } from './audit-window.js';
import { DEFAULT_RATE_LIMIT_POLICY, isRateLimited, rateLimitDelayMs, type RateLimitPolicy } from './rate-limit.js';

export const PAGE_SIZE = 100; // Stripe's maximum

export interface ListFilters {
  /** `false` lists only events whose delivery failed or is still pending (Stripe's `delivery_success`). */
  readonly deliverySuccess?: boolean | undefined;
  /** At most 20 exact event types (Stripe's `types[]`). */
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

/** Every event of the window, newest first, each exactly once. */
export async function* listStripeEvents(stripe: Stripe, options: ListOptions): AsyncGenerator<Stripe.Event> {
  const policy = options.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const base: Stripe.EventListParams = {
    limit: options.pageSize ?? PAGE_SIZE,
    created: { gte: toEpochSeconds(options.window.since), lt: Math.ceil(options.window.until.getTime() / 1000) },
    ...(options.deliverySuccess === undefined ? {} : { delivery_success: options.deliverySuccess }),
    ...(options.types && options.types.length > 0 ? { types: [...options.types] } : {}),
  };
  const progress = { events: 0, pages: 0, at: null as Date | null, rateLimitWaits: 0 };
  const onResponse = (e: { path: string; status: number }) => {
    if (e.status === 200 && (e.path === '/v1/events' || e.path.startsWith('/v1/events?'))) {
      progress.pages += 1;
      options.onProgress?.({ ...progress });
    }
  };
  stripe.on('response', onResponse);
  let lastId: string | undefined;
  let failures = 0;
  try {
    for (;;) {
      const params = lastId ? { ...base, starting_after: lastId } : base;
      try {
        for await (const event of stripe.events.list(params)) {
          failures = 0;
          lastId = event.id;
          progress.events += 1;
          progress.at = new Date(event.created * 1000);
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
