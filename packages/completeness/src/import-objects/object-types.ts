// The object types import-objects lists, as data: each type's list endpoint and the filters that make the
// list complete. Stripe's lists leave some objects out unless asked (checked against the API reference and
// stripe-node 23.1.0's .d.ts; docs/import-objects.md records the sources): the filters below ask for them.
import { UsageError } from '@event-lake/cli-kit';

export interface ObjectTypeSpec {
  /** The `object` value of the type, and the first part of its snapshot event type (`customer.snapshot`). */
  readonly type: string;
  /** The list endpoint. */
  readonly path: string;
  /** One listing per entry, with these query parameters; together they cover every object of the type. */
  readonly passes: readonly Readonly<Record<string, string>>[];
  /** Why these passes: what the list leaves out by default, or that it leaves out nothing. */
  readonly why: string;
}

export const OBJECT_TYPES: readonly ObjectTypeSpec[] = [
  { type: 'customer', path: '/v1/customers', passes: [{}], why: 'no status filter; deleted customers are not listable' },
  {
    type: 'subscription', path: '/v1/subscriptions', passes: [{ status: 'all' }],
    why: 'without status Stripe returns only subscriptions that have not been canceled',
  },
  { type: 'invoice', path: '/v1/invoices', passes: [{}], why: 'without status every status is listed (draft, open, paid, uncollectible, void)' },
  { type: 'charge', path: '/v1/charges', passes: [{}], why: 'no status filter' },
  { type: 'payment_intent', path: '/v1/payment_intents', passes: [{}], why: 'no status filter' },
  { type: 'refund', path: '/v1/refunds', passes: [{}], why: 'no status filter' },
  { type: 'dispute', path: '/v1/disputes', passes: [{}], why: 'no status filter' },
  {
    type: 'product', path: '/v1/products', passes: [{ active: 'true' }, { active: 'false' }],
    why: 'active and inactive listed apart, so the result does not rest on the default of `active`',
  },
  {
    type: 'price', path: '/v1/prices', passes: [{ active: 'true' }, { active: 'false' }],
    why: 'without active Stripe returns only active prices',
  },
  { type: 'coupon', path: '/v1/coupons', passes: [{}], why: 'no status filter; deleted coupons are not listable' },
  { type: 'payout', path: '/v1/payouts', passes: [{}], why: 'without status every status is listed' },
];

/** Every supported type, in listing order. */
export const DEFAULT_TYPES: readonly string[] = OBJECT_TYPES.map((t) => t.type);

/** The specs named by `--types a,b,…` (order kept, duplicates dropped); a name not supported is a UsageError. */
export function resolveTypes(names: readonly string[]): ObjectTypeSpec[] {
  const chosen: ObjectTypeSpec[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const spec = OBJECT_TYPES.find((t) => t.type === name);
    if (!spec) throw new UsageError(`--types: unknown object type "${name.slice(0, 60)}"; supported: ${DEFAULT_TYPES.join(', ')} (see --list-types)`);
    if (!chosen.includes(spec)) chosen.push(spec);
  }
  if (chosen.length === 0) throw new UsageError('--types names no object type');
  return chosen;
}
