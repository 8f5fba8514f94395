// sampleEvent itself (every type, bodies, accounts, unknown types) is covered through its re-export in
// packages/local-stack/test/sample-events.test.ts; these cover what the Events API fake relies on.
import { describe, it, expect } from '@jest/globals';
import {
  FAKE_EVENTS_API_VERSION, SAMPLE_API_VERSION, sampleEvent, seededRandom, snapshotEvent, snapshotEventFor, TEST_API_VERSION, THIN_EVENT_TYPE,
  thinEventFor, UnknownEventTypeError,
} from '../src/index.js';

const at = { now: () => new Date('2025-03-04T05:06:07.890Z') };

describe('snapshotEvent', () => {
  it('is the object sampleEvent sends as its body', () => {
    const event = snapshotEvent('invoice.paid', { ...at, random: seededRandom(4) });
    expect(sampleEvent('invoice.paid', { ...at, random: seededRandom(4) }).body).toBe(JSON.stringify(event, null, 2));
    expect(event).toMatchObject({ object: 'event', type: 'invoice.paid', created: 1_741_064_767, api_version: '2024-06-20' });
  });

  it('takes the API version and merges merchant metadata into the object', () => {
    const event = snapshotEvent('payment_intent.created', { ...at, apiVersion: '2025-10-29.clover', metadata: { note: 'café ✓' } });
    expect(event['api_version']).toBe('2025-10-29.clover');
    expect(event['data']).toMatchObject({ object: { object: 'payment_intent', metadata: { order_id: expect.any(String), note: 'café ✓' } } });
  });

  it('refuses the thin event type, which the Events API does not list', () => {
    expect(() => snapshotEvent(THIN_EVENT_TYPE)).toThrow(UnknownEventTypeError);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds and stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
    expect(snapshotEvent('charge.succeeded', { ...at, random: seededRandom(1) })).toEqual(snapshotEvent('charge.succeeded', { ...at, random: seededRandom(1) }));
  });
});

describe('the envelope', () => {
  it('snapshotEventFor wraps a caller-built object as sampleEvent wraps its own', () => {
    const object = { id: 'pi_1', object: 'payment_intent', amount: 5 };
    const event = snapshotEventFor('payment_intent.succeeded', object, {
      id: 'evt_1', created: 1_741_064_767, account: 'acct_1', apiVersion: TEST_API_VERSION, previousAttributes: { amount: 4 },
    });
    expect(Object.keys(event)).toEqual(['id', 'object', 'account', 'api_version', 'created', 'data', 'livemode', 'pending_webhooks', 'request', 'type']);
    expect(event).toMatchObject({ api_version: TEST_API_VERSION, data: { object, previous_attributes: { amount: 4 } }, request: { id: null, idempotency_key: null } });
    expect(event).toMatchObject({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', account: 'acct_1', created: 1_741_064_767, livemode: false });
    expect(snapshotEventFor('customer.created', object, { id: 'evt_2', created: 1 })).not.toHaveProperty('account');
  });

  it('thinEventFor gives a thin event with its context, and SAMPLE_API_VERSION stays the default', () => {
    const thin = thinEventFor(THIN_EVENT_TYPE, { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' }, { id: 'evt_t', created: '2025-03-04T05:06:07.890Z' });
    expect(thin).toEqual({
      id: 'evt_t', object: 'v2.core.event', type: THIN_EVENT_TYPE, livemode: false, created: '2025-03-04T05:06:07.890Z',
      related_object: { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' }, context: null,
    });
    expect(snapshotEvent('invoice.paid')['api_version']).toBe(SAMPLE_API_VERSION);
    expect(new Set([SAMPLE_API_VERSION, FAKE_EVENTS_API_VERSION, TEST_API_VERSION]).size).toBe(3);
  });
});
