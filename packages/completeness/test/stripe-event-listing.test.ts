import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type Stripe from 'stripe';
import { listStripeEvents, type ListingProgress } from '../src/stripe-event-listing.js';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';
import { DAY, HOUR, instantRateLimit, startFake, type RunningFake } from './helpers.js';

const now = Date.UTC(2026, 10, 22, 12, 0, 0) / 1000;
const window = { since: new Date((now - 3 * DAY) * 1000), until: new Date(now * 1000) };

async function collect(it: AsyncIterable<Stripe.Event>): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('listStripeEvents against the fake Events API', () => {
  // 1,050 events in the window, plus some just outside it on both sides.
  const inside = fakeSnapshotEvents({ count: 1050, from: now - 3 * DAY, to: now, seed: 7, undeliveredShare: 0.1 });
  const before = fakeSnapshotEvents({ count: 5, from: now - 4 * DAY, to: now - 3 * DAY - HOUR, seed: 8 });
  const after = fakeSnapshotEvents({ count: 5, from: now + 60, to: now + HOUR, seed: 9 });
  let f: RunningFake;

  beforeAll(async () => {
    f = await startFake([...inside, ...before, ...after]);
  });
  afterAll(async () => {
    await f.fake.close();
  });

  it('pages through many pages, newest first, each event of the window exactly once', async () => {
    const pages: ListingProgress[] = [];
    const listed = await collect(listStripeEvents(f.stripe, { window, onProgress: (p) => pages.push(p) }));
    expect(listed).toHaveLength(1050);
    expect(new Set(listed.map((e) => e.id))).toEqual(new Set(inside.map((e) => e.event.id)));
    for (let i = 1; i < listed.length; i++) expect(listed[i]!.created).toBeLessThanOrEqual(listed[i - 1]!.created);
    expect(pages.at(-1)?.pages).toBe(11); // 100 per page
    const listCalls = f.fake.requests.filter((r) => r.path === '/v1/events');
    expect(listCalls.slice(-11).map((r) => r.query.get('limit'))).toEqual(Array(11).fill('100'));
    expect(listCalls.at(-1)?.query.get('created[gte]')).toBe(String(now - 3 * DAY));
  });

  it('lists only undelivered events with deliverySuccess: false', async () => {
    const listed = await collect(listStripeEvents(f.stripe, { window, deliverySuccess: false }));
    const expected = inside.filter((e) => !e.deliverySuccess).map((e) => e.event.id);
    expect(expected.length).toBeGreaterThan(50);
    expect(listed.map((e) => e.id).sort()).toEqual(expected.sort());
  });

  it('filters by types', async () => {
    const listed = await collect(listStripeEvents(f.stripe, { window, types: ['charge.succeeded', 'invoice.paid'] }));
    const expected = inside.filter((e) => e.event.type === 'charge.succeeded' || e.event.type === 'invoice.paid');
    expect(listed.map((e) => e.id).sort()).toEqual(expected.map((e) => e.event.id).sort());
  });

  it('yields nothing for an empty window', async () => {
    const empty = { since: new Date((now - 10 * DAY) * 1000), until: new Date((now - 9 * DAY) * 1000) };
    expect(await collect(listStripeEvents(f.stripe, { window: empty }))).toEqual([]);
  });

  it('waits out a 429 and resumes after the last event seen, losing and repeating nothing', async () => {
    const waits: number[] = [];
    let seen = 0;
    const listed: Stripe.Event[] = [];
    for await (const e of listStripeEvents(f.stripe, { window, rateLimit: instantRateLimit(waits) })) {
      listed.push(e);
      seen += 1;
      // Rate-limit the request for the 4th page (after 300 events), twice in a row.
      if (seen === 250) f.fake.injectFault({ status: 429, count: 2, pathPrefix: '/v1/events' });
    }
    expect(waits).toHaveLength(2);
    expect(listed).toHaveLength(1050);
    expect(new Set(listed.map((e) => e.id)).size).toBe(1050);
    const limited = f.fake.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    // The request after the 429s resumes from the 300th event.
    const resumed = f.fake.requests[f.fake.requests.indexOf(limited.at(-1)!) + 1]!;
    expect(resumed.query.get('starting_after')).toBe(listed[299]!.id);
  });

  it('gives up with the rate-limit error after the policy allows no more waits', async () => {
    f.fake.injectFault({ status: 429, count: 10, pathPrefix: '/v1/events' });
    await expect(collect(listStripeEvents(f.stripe, { window, rateLimit: instantRateLimit() }))).rejects.toMatchObject({
      type: 'StripeRateLimitError',
    });
    f.fake.clearFaults();
  });

  it('lets stripe-node retry a 429 itself when Stripe sends Stripe-Should-Retry: true', async () => {
    const waits: number[] = [];
    const start = f.fake.requests.length;
    f.fake.injectFault({ status: 429, count: 1, shouldRetry: true, pathPrefix: '/v1/events' });
    const listed = await collect(listStripeEvents(f.stripe, { window, types: ['invoice.paid'], rateLimit: instantRateLimit(waits) }));
    expect(listed.length).toBeGreaterThan(0);
    expect(waits).toEqual([]);
    expect(f.fake.requests.slice(start, start + 2).map((r) => r.status)).toEqual([429, 200]);
  });

  it('retries a 500 through stripe-node (maxNetworkRetries) without surfacing it', async () => {
    const before500 = f.fake.requests.length;
    f.fake.injectFault({ status: 500, count: 1, pathPrefix: '/v1/events' });
    const listed = await collect(listStripeEvents(f.stripe, { window, types: ['customer.created'] }));
    expect(listed.length).toBeGreaterThan(0);
    const statuses = f.fake.requests.slice(before500).map((r) => r.status);
    expect(statuses[0]).toBe(500);
    expect(statuses[1]).toBe(200);
  });

  it('surfaces a non-retryable error (bad key) as a Stripe authentication error', async () => {
    const { createStripeClient } = await import('../src/stripe-client.js');
    const wrong = createStripeClient({ apiKey: 'rk_test_wrong', apiBase: new URL(f.url), maxNetworkRetries: 0 });
    await expect(collect(listStripeEvents(wrong, { window }))).rejects.toMatchObject({ type: 'StripeAuthenticationError' });
  });
});
