import { describe, expect, it } from '@jest/globals';
import { isEventType, summariseEvent } from '../src/index.js';

describe('isEventType', () => {
  it("accepts Stripe's event types: snapshot, thin v1 and v2, and v2 Accounts types with a bracketed part", () => {
    for (const type of [
      'payment_intent.succeeded', 'customer.subscription.trial_will_end', 'v1.billing.meter.error_report_triggered',
      'v2.core.event_destination.ping', 'v2.core.account[requirements].updated', 'v2.core.account[configuration.merchant].capability_status_updated',
      'a'.repeat(255),
    ]) {
      expect([type, isEventType(type)]).toEqual([type, true]);
    }
  });

  it('refuses what no Stripe type looks like: empty, upper case, spaces, quotes, wildcards, longer than 255', () => {
    for (const text of ['', 'Invoice.Paid', 'invoice paid', "invoice.paid'--", 'invoice.*', 'invoice*paid', 'charge.succeeded,invoice.paid', 'a'.repeat(256)]) {
      expect([text, isEventType(text)]).toEqual([text, false]);
    }
  });

  it('is not applied by the archive: an event whose type it refuses is still stored', () => {
    const event = { id: 'evt_1', object: 'event', type: 'Some.New Shape', created: 1_700_000_000, livemode: false, data: { object: {} } };
    expect(summariseEvent(event).type).toBe('Some.New Shape');
  });
});
