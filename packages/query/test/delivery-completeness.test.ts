// eventCompletenessSql must mean what the view means: a delivery is the view's `deliveries` group, so the
// key here is read back from athena/views/stripe_events_deduped.sql. (The behaviour on a lake, the audit
// against the view, is in packages/completeness/test/complete-definition.test.ts.)
import { describe, expect, it } from '@jest/globals';
import { DELIVERY_KEY_COLUMNS, eventCompletenessSql } from '../src/delivery-completeness.js';
import { dedupeViewSql } from '../src/dedupe-rule.js';

describe('eventCompletenessSql', () => {
  it('groups a delivery by exactly the columns the dedupe view groups its deliveries by', async () => {
    const view = await dedupeViewSql();
    const step = /deliveries AS \(([\s\S]*?)\n\),/.exec(view)?.[1];
    const groupBy = /FROM parts\s+GROUP BY ([\s\S]*)$/.exec(step ?? '')?.[1];
    expect(groupBy?.split(',').map((c) => c.trim())).toEqual([...DELIVERY_KEY_COLUMNS]);
  });

  it('reads the table once, with the caller\'s condition and the view\'s body_parts >= 1', () => {
    const sql = eventCompletenessSql("dt = '2026-11-20'");
    expect(sql.match(/event_lake\.stripe_events\b/g)).toHaveLength(1);
    expect(sql).toContain("WHERE body_parts >= 1 AND (dt = '2026-11-20') GROUP BY schema_version,");
  });
});
