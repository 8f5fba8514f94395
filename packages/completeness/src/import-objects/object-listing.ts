// Lists every object of one type, page by page, through stripe-node: its authentication, Stripe-Account
// header, timeouts and its retries of 5xx and connection errors with exponential backoff. Paging is Stripe's
// cursor paging (limit 100, starting_after the last id, until has_more is false), which is what stripe-node's
// auto-pagination does. The list methods themselves are not used: stripe-node 23 turns decimal strings in
// their responses into Decimal objects (e.g. a price's unit_amount_decimal "1000.50" comes back as "1000.5"),
// and a snapshot must keep each object exactly as the API returned it; `rawRequest` returns the JSON as sent.
// A 429 is waited out here (stripe-node does not retry it, see rate-limit.ts) and the same page asked again.
import type Stripe from 'stripe';
import { DEFAULT_RATE_LIMIT_POLICY, retryOnRateLimit, type RateLimitPolicy } from '../rate-limit.js';
import type { ObjectTypeSpec } from './object-types.js';

/** Stripe's largest page. */
export const LIST_PAGE_SIZE = 100;

/** An object as the API returned it (parsed JSON, nothing added). */
export interface StripeObject {
  readonly id: string;
  readonly object: string;
  readonly [key: string]: unknown;
}

export interface ListingOptions {
  /** The connected account (Stripe-Account header), or null for the platform's own objects. */
  readonly account: string | null;
  readonly pageSize?: number;
  readonly rateLimit?: RateLimitPolicy;
  /** Checked before each page: once aborted, no further page is asked for. */
  readonly signal?: AbortSignal;
  readonly onRateLimitWait?: () => void;
}

export class ListShapeError extends Error {}

/**
 * Every object of `spec`, one page at a time, each object once: passes run one after another, and an object
 * seen in an earlier pass (a price deactivated between the two) is not yielded again.
 */
export async function* listObjectPages(stripe: Stripe, spec: ObjectTypeSpec, options: ListingOptions): AsyncGenerator<StripeObject[]> {
  const policy = options.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const limit = options.pageSize ?? LIST_PAGE_SIZE;
  const seen = spec.passes.length > 1 ? new Set<string>() : undefined;
  for (const pass of spec.passes) {
    let startingAfter: string | undefined;
    for (;;) {
      if (options.signal?.aborted) return;
      const query = new URLSearchParams({ ...pass, limit: String(limit), ...(startingAfter ? { starting_after: startingAfter } : {}) });
      const page = await retryOnRateLimit(
        () => stripe.rawRequest('GET', `${spec.path}?${query}`, undefined, options.account ? { stripeAccount: options.account } : undefined),
        policy,
        options.onRateLimitWait,
      );
      const { data, hasMore } = checkListPage(page, spec.path);
      const fresh = seen ? data.filter((o) => !seen.has(o.id)) : data;
      for (const o of fresh) seen?.add(o.id);
      yield fresh; // even when empty: the caller counts pages
      if (!hasMore || data.length === 0) break;
      startingAfter = data[data.length - 1]!.id;
    }
  }
}

function checkListPage(page: unknown, path: string): { data: StripeObject[]; hasMore: boolean } {
  const p = page as { object?: unknown; data?: unknown; has_more?: unknown } | null;
  if (typeof p !== 'object' || p === null || p.object !== 'list' || !Array.isArray(p.data) || typeof p.has_more !== 'boolean') {
    throw new ListShapeError(`GET ${path} did not answer with a Stripe list`);
  }
  for (const o of p.data as unknown[]) {
    const obj = o as { id?: unknown; object?: unknown } | null;
    if (typeof obj !== 'object' || obj === null || typeof obj.id !== 'string' || typeof obj.object !== 'string') {
      throw new ListShapeError(`GET ${path} listed an item without a string id and object`);
    }
  }
  return { data: p.data as StripeObject[], hasMore: p.has_more };
}
