import { describe, it, expect } from '@jest/globals';
import { summariseEvent } from '@event-lake/lake-format';
import { sampleEvent, sampleEvents, SAMPLE_EVENT_TYPES, THIN_EVENT_TYPE, stripeSignatureHeader } from '../src/index.js';

const fixed = { now: () => new Date('2025-03-04T05:06:07Z') };

describe('sample events', () => {
  it('covers the documented families and one thin event', () => {
    for (const family of ['payment_intent.', 'charge.succeeded', 'checkout.session.completed', 'customer.created', 'customer.subscription.', 'invoice.', 'charge.refunded', 'refund.', 'charge.dispute.created', 'payout.']) {
      expect(SAMPLE_EVENT_TYPES.some((t) => t.startsWith(family))).toBe(true);
    }
    expect(SAMPLE_EVENT_TYPES).toContain(THIN_EVENT_TYPE);
  });

  it.each(SAMPLE_EVENT_TYPES.map((t) => [t]))('%s is a valid Stripe event body, pretty-printed as Stripe sends it', (type) => {
    const event = sampleEvent(type, fixed);
    const parsed = JSON.parse(event.body) as Record<string, unknown>;
    const summary = summariseEvent(parsed);
    expect(summary).toMatchObject({ id: event.id, type, livemode: false, created: '2025-03-04T05:06:07.000Z' });
    expect(event.body).toBe(JSON.stringify(parsed, null, 2));
    if (type === THIN_EVENT_TYPE) {
      expect(parsed).toMatchObject({ object: 'v2.core.event', related_object: { type: 'billing.meter' } });
    } else {
      expect(parsed).toMatchObject({ object: 'event', api_version: '2024-06-20', data: { object: expect.any(Object) } });
    }
  });

  it('puts a Connect account on snapshot events and in the context of thin events', () => {
    expect(summariseEvent(JSON.parse(sampleEvent('invoice.paid', { account: 'acct_123' }).body)).account).toBe('acct_123');
    expect(summariseEvent(JSON.parse(sampleEvent(THIN_EVENT_TYPE, { account: 'acct_123' }).body)).account).toBe('acct_123');
  });

  it('is reproducible with an injected random source and clock', () => {
    const seeded = () => {
      let x = 42;
      return () => ((x = (x * 16807) % 2147483647) / 2147483647);
    };
    expect(sampleEvent('charge.succeeded', { ...fixed, random: seeded() })).toEqual(sampleEvent('charge.succeeded', { ...fixed, random: seeded() }));
  });

  it('sampleEvents cycles through the given types with distinct ids', () => {
    const events = sampleEvents(5, ['payout.paid', 'customer.created']);
    expect(events.map((e) => e.type)).toEqual(['payout.paid', 'customer.created', 'payout.paid', 'customer.created', 'payout.paid']);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
  });

  it('rejects an unknown type, naming the known ones', () => {
    expect(() => sampleEvent('nope.nope')).toThrow(/unknown sample event type "nope.nope"; known: payment_intent.created/);
  });
});

describe('stripeSignatureHeader', () => {
  it('is t=<seconds>,v1=<HMAC-SHA256 hex of "t.body"> (vector computed with openssl)', () => {
    expect(stripeSignatureHeader('{"id":"evt_1"}', 'whsec_test_secret_0123456789', new Date(1_700_000_000_500))).toBe(
      't=1700000000,v1=7e9a82a20098cf01f04d9c09f5a7459669bfecf51392ce3adb1445906fceff61',
    );
  });
});
