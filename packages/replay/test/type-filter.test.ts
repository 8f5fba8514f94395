// --type is held to lake-format's one rule for an event type (the rule audit-lake's --type uses too).
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '@event-lake/cli-kit';
import { parseTypeFilter } from '../src/index.js';

describe('replay --type', () => {
  it("takes Stripe's event types, v2 Accounts types with a bracketed part included, and prefixes ending in *", () => {
    expect(parseTypeFilter('invoice.paid')).toEqual({ exact: 'invoice.paid' });
    expect(parseTypeFilter('v2.core.account[requirements].updated')).toEqual({ exact: 'v2.core.account[requirements].updated' });
    expect(parseTypeFilter('v2.core.account[*')).toEqual({ prefix: 'v2.core.account[' });
    expect(parseTypeFilter('customer.*')).toEqual({ prefix: 'customer.' });
  });

  it('refuses what is not an event type or a prefix of one', () => {
    for (const bad of ['Invoice.Paid', 'invoice*paid', '*', "invoice.paid'", 'a'.repeat(256)]) {
      expect(() => parseTypeFilter(bad)).toThrow(UsageError);
    }
  });
});
