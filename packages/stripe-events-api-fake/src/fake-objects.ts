// The fake's object data set (tests and the fake-stripe demo): Stripe-shaped customers, subscriptions, products, prices,
// invoices, charges, payment intents, refunds, disputes, coupons and payouts, with the fields whose
// values decide what a list returns by default (subscription `status`, price and product `active`).
// Fields follow the API version stripe-node 23 pins; only the ones a reader of the lake would look at are
// filled. A seed fixes ids and values so a failing test can be replayed exactly.
import { seededRandom } from '@event-lake/stripe-samples';
import type { FakeStripeObject } from './v1-objects.js';

export interface FakeObjectsOptions {
  readonly customers?: number;
  readonly subscriptions?: number;
  /** How many of the subscriptions are canceled (left out of Stripe's default subscription list). */
  readonly canceledSubscriptions?: number;
  readonly products?: number;
  readonly inactiveProducts?: number;
  readonly prices?: number;
  /** How many of the prices are inactive (left out of Stripe's default price list). */
  readonly inactivePrices?: number;
  readonly invoices?: number;
  readonly charges?: number;
  readonly paymentIntents?: number;
  readonly refunds?: number;
  readonly disputes?: number;
  readonly coupons?: number;
  readonly payouts?: number;
  /** Objects are created evenly over [from, to) (epoch seconds). */
  readonly from: number;
  readonly to: number;
  readonly seed?: number;
  readonly livemode?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Every object of the set, of every type, in no particular order. */
export function fakeObjects(options: FakeObjectsOptions): FakeStripeObject[] {
  if (!(options.to > options.from)) throw new Error('"to" must be after "from"');
  const random = seededRandom(options.seed ?? 1);
  const livemode = options.livemode ?? false;
  const id = (prefix: string) => `${prefix}_${Array.from({ length: 14 }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('')}`;
  const all: FakeStripeObject[] = [];
  const make = <T extends Obj>(count: number | undefined, build: (i: number, created: number) => T): T[] => {
    const n = count ?? 0;
    const step = (options.to - options.from) / Math.max(n, 1);
    const made = Array.from({ length: n }, (_, i) => build(i, Math.floor(options.from + i * step)));
    all.push(...(made as unknown as FakeStripeObject[]));
    return made;
  };
  const pick = <T>(list: readonly T[]): T | null => (list.length === 0 ? null : list[Math.floor(random() * list.length)]!);
  const amount = () => 500 + Math.floor(random() * 20) * 100;

  const customers = make(options.customers, (i, created) => ({
    id: id('cus'), object: 'customer', created, livemode,
    email: `customer${i}@example.com`, name: `Customer ${i} (café ✓)`, currency: 'usd', delinquent: false,
    metadata: {},
  }));
  const inactiveProducts = options.inactiveProducts ?? 0;
  const products = make(options.products, (i, created) => ({
    id: id('prod'), object: 'product', created, updated: created, livemode,
    active: i >= inactiveProducts, name: `Plan ${i}`, type: 'service', metadata: {},
  }));
  const inactivePrices = options.inactivePrices ?? 0;
  const prices = make(options.prices, (i, created) => {
    const unit = amount();
    return {
      id: id('price'), object: 'price', created, livemode,
      active: i >= inactivePrices, currency: 'usd', product: pick(products)?.id ?? null,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' }, type: 'recurring',
      // A decimal string with a trailing zero: an import must keep it as Stripe sent it.
      unit_amount: unit, unit_amount_decimal: `${unit}.50`, metadata: {},
    };
  });
  const canceled = options.canceledSubscriptions ?? 0;
  const subscriptions = make(options.subscriptions, (i, created) => {
    const price = pick(prices);
    const status = i < canceled ? 'canceled' : i % 7 === 0 ? 'trialing' : i % 11 === 0 ? 'past_due' : 'active';
    return {
      id: id('sub'), object: 'subscription', created, livemode, status,
      customer: pick(customers)?.id ?? null, currency: 'usd', cancel_at_period_end: false,
      canceled_at: status === 'canceled' ? created + 86_400 : null, ended_at: status === 'canceled' ? created + 86_400 : null,
      items: { object: 'list', data: price ? [{ id: id('si'), object: 'subscription_item', price: { id: price.id, unit_amount: price['unit_amount'] as number }, quantity: 1 }] : [], has_more: false },
      metadata: {},
    };
  });
  const invoices = make(options.invoices, (i, created) => {
    const total = amount();
    return {
      id: id('in'), object: 'invoice', created, livemode, status: i % 5 === 0 ? 'open' : 'paid',
      customer: pick(customers)?.id ?? null, currency: 'usd', total, amount_paid: i % 5 === 0 ? 0 : total,
      subscription: pick(subscriptions)?.id ?? null, metadata: {},
    };
  });
  const paymentIntents = make(options.paymentIntents, (_i, created) => ({
    id: id('pi'), object: 'payment_intent', created, livemode, amount: amount(), currency: 'usd',
    status: 'succeeded', customer: pick(customers)?.id ?? null, metadata: {},
  }));
  const charges = make(options.charges, (i, created) => ({
    id: id('ch'), object: 'charge', created, livemode, amount: amount(), currency: 'usd',
    status: i % 9 === 0 ? 'failed' : 'succeeded', paid: i % 9 !== 0, refunded: false,
    customer: pick(customers)?.id ?? null, payment_intent: pick(paymentIntents)?.id ?? null, metadata: {},
  }));
  make(options.refunds, (_i, created) => ({
    id: id('re'), object: 'refund', created, amount: amount(), currency: 'usd', status: 'succeeded',
    charge: pick(charges)?.id ?? null, metadata: {},
  }));
  make(options.disputes, (_i, created) => ({
    id: id('dp'), object: 'dispute', created, livemode, amount: amount(), currency: 'usd',
    status: 'needs_response', reason: 'fraudulent', charge: pick(charges)?.id ?? null, metadata: {},
  }));
  make(options.coupons, (i, created) => ({
    id: `COUPON${i}`, object: 'coupon', created, livemode, duration: 'once', percent_off: 25.5, valid: true, metadata: {},
  }));
  make(options.payouts, (_i, created) => ({
    id: id('po'), object: 'payout', created, livemode, amount: amount() * 10, currency: 'usd',
    arrival_date: created + 2 * 86_400, status: 'paid', metadata: {},
  }));
  return all;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
