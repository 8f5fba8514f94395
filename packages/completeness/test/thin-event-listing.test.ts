// Thin (v2) events listed through stripe-node's stripe.v2.core.events.list against the fake Events API:
// paging by next_page_url, the created range and types filters, 429s waited out and 5xx retried.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { fakeThinEvents, type FakeThinEvent } from '@event-lake/stripe-events-api-fake';
import { listThinEvents, type ThinEvent } from '../src/thin-event-listing.js';
import type { ListingProgress } from '../src/stripe-event-listing.js';
import { DAY, HOUR, instantRateLimit, startFake, type RunningFake } from './helpers.js';

const now = Date.UTC(2026, 10, 22, 12, 0, 0) / 1000;
const window = { since: new Date((now - 3 * DAY) * 1000), until: new Date(now * 1000) };

async function collect(it: AsyncIterable<ThinEvent>): Promise<ThinEvent[]> {
  const out: ThinEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const ids = (events: readonly { id: string }[]) => events.map((e) => e.id).sort();

describe('listThinEvents against the fake Events API (GET /v2/core/events)', () => {
  const inside = fakeThinEvents({ count: 210, from: now - 3 * DAY, to: now - 1, seed: 31 });
  const before = fakeThinEvents({ count: 4, from: now - 4 * DAY, to: now - 3 * DAY - HOUR, seed: 32 });
  const after = fakeThinEvents({ count: 4, from: now + 1, to: now + HOUR, seed: 33 });
  // Two events at the very same instant, so a resumed listing must tell them apart by id.
  const twin = { ...inside[100]!, id: `${inside[100]!.id.slice(0, -4)}TWIN` } satisfies FakeThinEvent;
  const all = [...inside, twin];
  let f: RunningFake;

  beforeAll(async () => {
    f = await startFake([]);
    f.fake.addThinEvents([...all, ...before, ...after]);
  });
  afterAll(async () => {
    await f.fake.close();
  });

  it('follows next_page_url through every page, newest first, each event of the window exactly once', async () => {
    const start = f.fake.requests.length;
    const pages: ListingProgress[] = [];
    const listed = await collect(listThinEvents(f.stripe, { window, onProgress: (p) => pages.push(p) }));
    expect(ids(listed)).toEqual(ids(all));
    for (let i = 1; i < listed.length; i++) expect(Date.parse(listed[i]!.created)).toBeLessThanOrEqual(Date.parse(listed[i - 1]!.created));
    const calls = f.fake.requests.slice(start);
    expect(calls).toHaveLength(11); // 211 events, 20 per page (the API's default page size)
    expect(pages.at(-1)).toMatchObject({ events: 211, pages: 11, rateLimitWaits: 0 });
    // The first request carries the window as RFC 3339 timestamps; the next ones only the page token.
    expect(calls[0]!.query.get('created[gte]')).toBe(window.since.toISOString());
    expect(calls[0]!.query.get('created[lt]')).toBe(window.until.toISOString());
    expect([...calls[1]!.query.keys()]).toEqual(['page']);
  });

  it('filters by types', async () => {
    const type = 'v1.billing.meter.no_meter_found';
    const listed = await collect(listThinEvents(f.stripe, { window, types: [type] }));
    const expected = all.filter((e) => e.type === type);
    expect(expected.length).toBeGreaterThan(30);
    expect(expected.length).toBeLessThan(all.length);
    expect(ids(listed)).toEqual(ids(expected));
  });

  it('waits out 429s and resumes after the last event seen, losing and repeating nothing', async () => {
    const waits: number[] = [];
    const listed: ThinEvent[] = [];
    for await (const e of listThinEvents(f.stripe, { window, rateLimit: instantRateLimit(waits) })) {
      listed.push(e);
      // Rate-limit the request for the next page, twice, right after the twin's instant was reached.
      if (e.created === twin.created && listed.filter((x) => x.created === twin.created).length === 1) {
        f.fake.injectFault({ status: 429, count: 2, pathPrefix: '/v2/core/events' });
      }
    }
    expect(waits).toHaveLength(2);
    expect(listed).toHaveLength(all.length);
    expect(ids(listed)).toEqual(ids(all));
  });

  it('gives up with the rate-limit error once the policy allows no more waits', async () => {
    f.fake.injectFault({ status: 429, count: 10, pathPrefix: '/v2/core/events' });
    await expect(collect(listThinEvents(f.stripe, { window, rateLimit: instantRateLimit() }))).rejects.toMatchObject({ type: 'StripeRateLimitError' });
    f.fake.clearFaults();
  });

  it('retries a 5xx through stripe-node (maxNetworkRetries) without surfacing it', async () => {
    const start = f.fake.requests.length;
    f.fake.injectFault({ status: 503, count: 1, pathPrefix: '/v2/core/events' });
    const listed = await collect(listThinEvents(f.stripe, { window }));
    expect(listed).toHaveLength(all.length);
    expect(f.fake.requests.slice(start, start + 2).map((r) => r.status)).toEqual([503, 200]);
  });

  it('surfaces 5xx that outlast the retries', async () => {
    f.fake.injectFault({ status: 500, count: 5, pathPrefix: '/v2/core/events' });
    await expect(collect(listThinEvents(f.stripe, { window }))).rejects.toMatchObject({ statusCode: 500 });
    f.fake.clearFaults();
  });

  it('retrieves one thin event as the API returns it', async () => {
    const one = await f.stripe.v2.core.events.retrieve(inside[5]!.id);
    expect(JSON.parse(JSON.stringify(one))).toEqual(inside[5]);
  });
});
