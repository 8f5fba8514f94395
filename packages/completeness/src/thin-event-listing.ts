// Lists the thin (v2) events of a window: `GET /v2/core/events` through stripe-node's
// `stripe.v2.core.events.list`, which follows each page's `next_page_url` (the page token carries the
// filters). v2 lists have no `starting_after`: after a 429 the listing resumes with `created` up to and
// including the last event seen, skipping the events already yielded at that instant.
import type Stripe from 'stripe';
import type { AuditWindow } from './audit-window.js';
import { resumableListing, type ListingProgress } from './stripe-event-listing.js';
import type { RateLimitPolicy } from './rate-limit.js';

type ListThin = Stripe['v2']['core']['events']['list'];
type ThinListParams = NonNullable<Parameters<ListThin>[0]>;
/** One thin event as the API returns it. */
export type ThinEvent = Awaited<ReturnType<ListThin>>['data'][number];

export interface ThinListOptions {
  readonly window: AuditWindow;
  /** At most 20 exact event types. */
  readonly types?: readonly string[] | undefined;
  readonly onProgress?: (progress: ListingProgress) => void;
  readonly rateLimit?: RateLimitPolicy;
}

/** Every thin event of the window, newest first, each exactly once. */
export function listThinEvents(stripe: Stripe, options: ThinListOptions): AsyncGenerator<ThinEvent> {
  const types = options.types && options.types.length > 0 ? { types: [...options.types] } : {};
  const since = options.window.since.toISOString();
  // The newest `created` yielded so far and the ids yielded at it: a resumed listing starts there again.
  let lastCreated: string | undefined;
  let yieldedAtLast = new Set<string>();
  async function* onlyNew(events: AsyncIterable<ThinEvent>): AsyncGenerator<ThinEvent> {
    for await (const e of events) {
      if (e.created === lastCreated && yieldedAtLast.has(e.id)) continue;
      if (e.created !== lastCreated) {
        lastCreated = e.created;
        yieldedAtLast = new Set();
      }
      yieldedAtLast.add(e.id);
      yield e;
    }
  }
  return resumableListing(stripe, {
    listPath: '/v2/core/events',
    createdAt: (event) => new Date(event.created),
    open: (last) => {
      const created = last ? { gte: since, lte: last.created } : { gte: since, lt: options.window.until.toISOString() };
      return onlyNew(stripe.v2.core.events.list({ ...types, created: v2Timestamps(created) }));
    },
  }, options);
}

/**
 * v2 timestamps are RFC 3339 strings (the events' own `created` is one), but stripe-node 23.1.0 types
 * `V2.Core.EventListParams.created` with the v1 RangeQueryParam (numbers). The strings are sent as
 * they are (`created[gte]=2026-…Z`); this is the one place that bridges the two.
 */
function v2Timestamps(range: { gte: string; lt?: string; lte?: string }): ThinListParams['created'] {
  return range as unknown as ThinListParams['created'];
}
