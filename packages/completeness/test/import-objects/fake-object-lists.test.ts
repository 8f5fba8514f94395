// The fake's object lists behave as Stripe documents them, checked through stripe-node's own list methods
// (so stripe-node's auto-pagination agrees with the fake's paging), and the listing import-objects uses.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import Stripe from 'stripe';
import { createStripeEventsApiFake, fakeObjects, type FakeStripeObject, type StripeEventsApiFake } from '@event-lake/stripe-events-api-fake';
import { createStripeClient } from '../../src/stripe-client.js';
import { listObjectPages } from '../../src/import-objects/object-listing.js';
import { OBJECT_TYPES } from '../../src/import-objects/object-types.js';
import { API_KEY, instantRateLimit } from '../helpers.js';

const spec = (type: string) => OBJECT_TYPES.find((t) => t.type === type)!;

describe('the fake Stripe API: object lists', () => {
  const from = 1_700_000_000;
  const platform = fakeObjects({
    customers: 25, subscriptions: 30, canceledSubscriptions: 8, prices: 12, inactivePrices: 5, products: 6, inactiveProducts: 2,
    from, to: from + 86_400, seed: 5,
  });
  const connected = fakeObjects({ customers: 3, from, to: from + 3600, seed: 6 });
  let fake: StripeEventsApiFake;
  let stripe: Stripe;

  beforeAll(async () => {
    fake = createStripeEventsApiFake({ apiKey: API_KEY, objects: platform, accounts: { acct_1Connected: connected } });
    const { url } = await fake.listen(0);
    stripe = createStripeClient({ apiKey: API_KEY, apiBase: new URL(url), maxNetworkRetries: 1 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const ofType = (list: readonly FakeStripeObject[], type: string) => list.filter((o) => o.object === type);

  it('pages 10 at a time by default, newest first, and stripe-node auto-pages through all of them', async () => {
    const first = await stripe.customers.list();
    expect(first.data).toHaveLength(10);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const c of stripe.customers.list({ limit: 7 })) all.push(c.id);
    const expected = ofType(platform, 'customer').sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1)).map((c) => c.id);
    expect(all).toEqual(expected);
    expect(fake.requests.filter((r) => r.path === '/v1/customers' && r.query.get('limit') === '7')).toHaveLength(4);
  });

  it('refuses a limit above 100 and a parameter the list does not know', async () => {
    await expect(stripe.customers.list({ limit: 101 })).rejects.toThrow(/limit must be between 1 and 100/);
    await expect(stripe.rawRequest('GET', '/v1/customers?status=all')).rejects.toThrow(/Received unknown parameter: status/);
  });

  it('leaves canceled subscriptions out unless asked with status=all, and inactive prices unless asked with active=false', async () => {
    const subs = ofType(platform, 'subscription');
    const byDefault = await stripe.subscriptions.list({ limit: 100 });
    expect(byDefault.data).toHaveLength(subs.length - 8);
    expect((await stripe.subscriptions.list({ limit: 100, status: 'all' })).data).toHaveLength(subs.length);
    expect((await stripe.subscriptions.list({ limit: 100, status: 'canceled' })).data).toHaveLength(8);
    expect((await stripe.prices.list({ limit: 100 })).data).toHaveLength(7);
    expect((await stripe.prices.list({ limit: 100, active: false })).data).toHaveLength(5);
    expect((await stripe.products.list({ limit: 100 })).data).toHaveLength(6);
  });

  it('lists a connected account\'s own objects with the Stripe-Account header, and refuses an unknown account', async () => {
    const theirs = await stripe.customers.list({ limit: 100 }, { stripeAccount: 'acct_1Connected' });
    expect(theirs.data.map((c) => c.id).sort()).toEqual(connected.map((c) => c.id).sort());
    await expect(stripe.customers.list({}, { stripeAccount: 'acct_1Unknown' })).rejects.toThrow(/does not have access to account 'acct_1Unknown'/);
  });

  it('import-objects lists every subscription and every price, each once, exactly as the API returned it', async () => {
    const listed = async (type: string, account: string | null = null) => {
      const out: unknown[] = [];
      for await (const page of listObjectPages(stripe, spec(type), { account, pageSize: 4, rateLimit: instantRateLimit() })) out.push(...page);
      return out;
    };
    const prices = await listed('price');
    expect(prices).toHaveLength(12);
    // The decimal string keeps its trailing zero (stripe-node's list methods would make "1000.5" of "1000.50").
    expect(prices).toEqual(expect.arrayContaining(ofType(platform, 'price')));
    const viaListMethod = (await stripe.prices.list({ limit: 1 })).data[0]!;
    expect(JSON.stringify(viaListMethod.unit_amount_decimal)).toMatch(/^"\d+\.5"$/);
    expect(await listed('subscription')).toHaveLength(30);
    expect(await listed('product')).toHaveLength(6);
    expect(await listed('customer', 'acct_1Connected')).toEqual(expect.arrayContaining(connected));
  });

  it('waits out a 429 in the middle of a listing and asks for the same page again', async () => {
    const waits: number[] = [];
    fake.injectFault({ status: 429, count: 2, pathPrefix: '/v1/customers', after: 2 });
    const ids: string[] = [];
    for await (const page of listObjectPages(stripe, spec('customer'), { account: null, pageSize: 5, rateLimit: instantRateLimit(waits) })) {
      ids.push(...page.map((c) => c.id));
    }
    expect(waits).toHaveLength(2);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toHaveLength(25);
  });
});
