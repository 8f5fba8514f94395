// `pnpm --filter @event-lake/stripe-events-api-fake fake-stripe`: the fake Events API with sample events,
// for demos of the audit and the backfill without a Stripe account. Reads FAKE_STRIPE_PORT (default
// 12111, the port stripe-mock uses), FAKE_STRIPE_EVENTS (snapshot events, default 2000),
// FAKE_STRIPE_THIN_EVENTS (default 200) and FAKE_STRIPE_DAYS (default 3). It also lists a fixed set of
// objects for import-objects (DEMO_OBJECTS), and a connected account with its own customers.
import { ConfigError, integer, port } from '@event-lake/env-config';
import { fakeSnapshotEvents, fakeThinEvents } from './fake-events.js';
import { fakeObjects } from './fake-objects.js';
import { createStripeEventsApiFake } from './stripe-events-api-fake.js';

function settings(): { port: number; count: number; thinCount: number; days: number } {
  try {
    return {
      port: port(process.env, 'FAKE_STRIPE_PORT', 12111),
      count: integer(process.env, 'FAKE_STRIPE_EVENTS', 2000, 0, 1_000_000),
      thinCount: integer(process.env, 'FAKE_STRIPE_THIN_EVENTS', 200, 0, 1_000_000),
      days: integer(process.env, 'FAKE_STRIPE_DAYS', 3, 1, 30),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`fake-stripe: ${error.message}\n`);
    process.exit(2);
  }
}

const { port: listenPort, count, thinCount, days } = settings();
const now = Math.floor(Date.now() / 1000);
// Events end an hour ago: the audit's default window ends before Firehose's buffer could still hold them.
const range = { from: now - days * 86_400, to: now - 3600, seed: 1 };
const objectRange = { from: now - 700 * 86_400, to: now - 3600 };
const DEMO_OBJECTS = {
  customers: 2000, subscriptions: 600, canceledSubscriptions: 150, products: 20, inactiveProducts: 5, prices: 40, inactivePrices: 10,
  invoices: 400, charges: 500, paymentIntents: 100, refunds: 20, disputes: 5, coupons: 10, payouts: 12,
};
const CONNECTED_ACCOUNT = 'acct_1FakeConnected';
const fake = createStripeEventsApiFake({
  events: fakeSnapshotEvents({ count, ...range, undeliveredShare: 0.02 }),
  thinEvents: fakeThinEvents({ count: thinCount, ...range }),
  objects: fakeObjects({ ...DEMO_OBJECTS, ...objectRange, seed: 1 }),
  accounts: { [CONNECTED_ACCOUNT]: fakeObjects({ customers: 100, charges: 30, ...objectRange, seed: 2 }) },
});
const { url } = await fake.listen(listenPort);
process.stdout.write(
  `Fake Stripe Events API on ${url} with ${count} snapshot and ${thinCount} thin events over the last ${days} days (any rk_test_/sk_test_ key).\n` +
    `Objects for import-objects: ${DEMO_OBJECTS.customers} customers, ${DEMO_OBJECTS.subscriptions} subscriptions and more; connected account ${CONNECTED_ACCOUNT}.\n` +
    `Try:  STRIPE_API_BASE=${url} STRIPE_API_KEY=rk_test_demo pnpm audit-lake\n` +
    `      STRIPE_API_BASE=${url} STRIPE_API_KEY=rk_test_demo pnpm import-objects --account ${CONNECTED_ACCOUNT}\n`,
);
const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
