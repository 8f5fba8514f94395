import { describe, expect, it } from '@jest/globals';
import { isStripeId, summariseEvent } from '../src/index.js';

describe('isStripeId', () => {
  it("accepts Stripe's ids: snapshot and thin events, objects, up to 255 characters", () => {
    for (const id of ['evt_1NG8Du2eZvKYlo2CUI79vXWy', 'evt_test_65R9Ijk0d5VRKEZ16HzL5ZQ', 'cus_9s6XKzkNRiz8i3', 'a.b-c_d', 'a'.repeat(255)]) {
      expect([id, isStripeId(id)]).toEqual([id, true]);
    }
  });

  it('refuses what could break out of a quoted SQL literal, and what is not 1-255 id characters', () => {
    for (const id of ["evt_1' OR '1'='1", 'evt 1', 'evt_1;', '', 'a'.repeat(256)]) {
      expect([id, isStripeId(id)]).toEqual([id, false]);
    }
  });

  it('is the rule summariseEvent applies to an event id', () => {
    const event = (id: unknown) => ({ id, object: 'event', type: 'invoice.paid', created: 1_700_000_000, livemode: false, data: { object: {} } });
    expect(summariseEvent(event('evt_1')).id).toBe('evt_1');
    expect(() => summariseEvent(event("evt_1'"))).toThrow('"id" must be a Stripe id string');
  });
});
