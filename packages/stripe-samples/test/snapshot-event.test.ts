// sampleEvent itself (every type, bodies, accounts, unknown types) is covered through its re-export in
// packages/local-stack/test/sample-events.test.ts; these cover what the Events API fake relies on.
import { describe, it, expect } from '@jest/globals';
import { sampleEvent, seededRandom, snapshotEvent, THIN_EVENT_TYPE, UnknownEventTypeError } from '../src/index.js';

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
