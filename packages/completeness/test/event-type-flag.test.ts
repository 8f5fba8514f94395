// --type is held to lake-format's one rule for an event type (the rule replay's --type uses too).
import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from '../src/index.js';

describe('audit-lake / backfill --type', () => {
  it("takes Stripe's event types, v2 Accounts types with a bracketed part included", () => {
    const types = ['invoice.paid', 'v1.billing.meter.error_report_triggered', 'v2.core.account[requirements].updated'];
    expect(parseCliArgs(['audit', ...types.flatMap((t) => ['--type', t])]).types).toEqual(types);
  });

  it('refuses what is not an event type, naming the flag', () => {
    for (const bad of ['Invoice.Paid', 'invoice.*', "invoice.paid'", 'a'.repeat(256)]) {
      expect(() => parseCliArgs(['backfill', '--type', bad])).toThrow(`--type "${bad}" is not an event type such as payment_intent.succeeded`);
    }
  });
});
