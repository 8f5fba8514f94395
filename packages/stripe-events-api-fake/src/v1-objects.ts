// The fake's `GET /v1/<resource>` list endpoints for the objects `import-objects` lists, as Stripe pages
// them: newest first (created, then id), `limit` (default 10, at most 100), `starting_after` /
// `ending_before`, `has_more`. The `Stripe-Account` header chooses whose objects are listed. The filters
// that decide what a list leaves out when not asked are kept as Stripe documents them: subscriptions
// without `status` omit canceled ones, prices without `active` list only active ones; products take
// `active` too. A parameter a list does not know is refused, as Stripe does.
import { badRequest, FakeHttpError, parseLimit } from './fake-errors.js';

/** One object as Stripe's API returns it. */
export interface FakeStripeObject {
  readonly id: string;
  readonly object: string;
  readonly created: number;
  readonly [key: string]: unknown;
}

interface ListSpec {
  /** The list's path, e.g. /v1/customers. */
  readonly path: string;
  /** Filters besides paging, each turned into a predicate (or undefined when the value selects all). */
  readonly filters: Readonly<Record<string, (value: string) => (o: FakeStripeObject) => boolean>>;
  /** What the list keeps when the request does not name `param` (Stripe's default for that filter). */
  readonly byDefault?: { readonly param: string; readonly keep: (o: FakeStripeObject) => boolean };
}

const PAGING = new Set(['limit', 'starting_after', 'ending_before']);
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;

const booleanFilter = (field: string) => (value: string) => {
  if (value !== 'true' && value !== 'false') throw badRequest(`Invalid boolean: ${value}`, field);
  const wanted = value === 'true';
  return (o: FakeStripeObject) => o[field] === wanted;
};
const exactFilter = (field: string) => (value: string) => (o: FakeStripeObject) => o[field] === value;

const SUBSCRIPTION_STATUSES = new Set([
  'active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'trialing', 'paused', 'all', 'ended',
]);

function subscriptionStatus(value: string): (o: FakeStripeObject) => boolean {
  if (!SUBSCRIPTION_STATUSES.has(value)) throw badRequest(`Invalid status: must be one of ${[...SUBSCRIPTION_STATUSES].join(', ')}`, 'status');
  if (value === 'all') return () => true;
  if (value === 'ended') return (o) => o['status'] === 'canceled' || o['status'] === 'incomplete_expired';
  return (o) => o['status'] === value;
}

/** Object type (`object` field) to its list. */
const FAKE_OBJECT_LISTS: Readonly<Record<string, ListSpec>> = {
  customer: { path: '/v1/customers', filters: {} },
  subscription: {
    path: '/v1/subscriptions',
    filters: { status: subscriptionStatus },
    // "If no value is supplied, all subscriptions that have not been canceled are returned."
    byDefault: { param: 'status', keep: (o) => o['status'] !== 'canceled' },
  },
  invoice: { path: '/v1/invoices', filters: { status: exactFilter('status') } },
  charge: { path: '/v1/charges', filters: {} },
  payment_intent: { path: '/v1/payment_intents', filters: {} },
  refund: { path: '/v1/refunds', filters: {} },
  dispute: { path: '/v1/disputes', filters: {} },
  product: { path: '/v1/products', filters: { active: booleanFilter('active') } },
  price: {
    path: '/v1/prices',
    filters: { active: booleanFilter('active') },
    // "Returns a list of your active prices … For the list of inactive prices, set active to false."
    byDefault: { param: 'active', keep: (o) => o['active'] === true },
  },
  coupon: { path: '/v1/coupons', filters: {} },
  payout: { path: '/v1/payouts', filters: { status: exactFilter('status') } },
};

const TYPE_BY_PATH = new Map(Object.entries(FAKE_OBJECT_LISTS).map(([type, spec]) => [spec.path, type]));

/** The object type listed at `path`, if the fake lists it. */
export function objectTypeAt(path: string): string | undefined {
  return TYPE_BY_PATH.get(path);
}

/** Newest first; ties broken by id so pages are stable. */
export function sortObjects(objects: Iterable<FakeStripeObject>): FakeStripeObject[] {
  return [...objects].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** One page of `GET <path>` over `stored` (sorted newest first) for the query `q`. */
export function listObjects(type: string, stored: readonly FakeStripeObject[], q: URLSearchParams) {
  const spec = FAKE_OBJECT_LISTS[type]!;
  const checks: ((o: FakeStripeObject) => boolean)[] = [];
  for (const [key, value] of q) {
    if (PAGING.has(key)) continue;
    const filter = spec.filters[key];
    if (!filter) throw badRequest(`Received unknown parameter: ${key}`, key);
    checks.push(filter(value));
  }
  if (spec.byDefault && !q.has(spec.byDefault.param)) checks.push(spec.byDefault.keep);
  const matching = stored.filter((o) => checks.every((check) => check(o)));

  const limit = parseLimit(q.get('limit'), DEFAULT_LIMIT, MAX_LIMIT);
  const startingAfter = q.get('starting_after');
  const endingBefore = q.get('ending_before');
  if (startingAfter && endingBefore) throw badRequest('You may only specify one of these parameters: ending_before, starting_after.');
  let page: readonly FakeStripeObject[];
  let hasMore: boolean;
  if (endingBefore) {
    const end = cursorIndex(matching, endingBefore, 'ending_before', type);
    const start = Math.max(0, end - limit);
    page = matching.slice(start, end);
    hasMore = start > 0;
  } else {
    const start = startingAfter ? cursorIndex(matching, startingAfter, 'starting_after', type) + 1 : 0;
    page = matching.slice(start, start + limit);
    hasMore = start + limit < matching.length;
  }
  return { object: 'list', data: page, has_more: hasMore, url: spec.path };
}

function cursorIndex(list: readonly FakeStripeObject[], id: string, param: string, type: string): number {
  const i = list.findIndex((o) => o.id === id);
  if (i < 0) throw new FakeHttpError(400, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${type}: '${id}'` });
  return i;
}
