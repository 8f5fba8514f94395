// The selection on the local backend (DuckDB over the acceptance lake): one complete delivery per event
// id by the rule, raw bytes reassembled from parts, late deliveries found, filters, order.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { runQuery } from '@event-lake/query';
import { LakeError } from '../src/errors.js';
import { parseSelection, type SelectionFlags } from '../src/selection.js';
import { selectEvents } from '../src/select-events.js';
import { sendable, useReplayLake } from './lake-fixture.js';

const fx = useReplayLake();

const select = (flags: Partial<SelectionFlags>) =>
  selectEvents(parseSelection({ types: [], ids: [], ...flags }), { backend: 'local', lakeDir: fx.lakeDir });

describe('selectEvents (local)', () => {
  it('picks, for every event id, the complete delivery the rule names, with its exact bytes, ordered by created then id', async () => {
    const { events, incomplete } = await select({});
    const want = sendable(fx.lake);
    expect(events.map((e) => e.id)).toEqual(want.map((e) => e.id));
    events.forEach((e, i) => {
      expect({ id: e.id, source: e.source }).toEqual({ id: want[i]!.id, source: want[i]!.expectedSource });
      expect(e.body.equals(Buffer.from(want[i]!.expected!, 'utf8'))).toBe(true);
    });
    // The lake holds what the rule has to choose between (a weak lake would make this test pass trivially).
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['webhook', 'eventbridge', 'backfill']));
    expect(new Set(fx.lake.map((e) => e.object))).toEqual(new Set(['event', 'v2.core.event']));
    expect(incomplete).toEqual(fx.lake.filter((e) => e.expected === null).map((e) => e.id));
  });

  it('sends a later complete delivery, or a backfill, when a split delivery lost a part', async () => {
    const { events } = await select({});
    const byId = new Map(events.map((e) => [e.id, e]));
    const cases = ['part-lost-then-complete-duplicate', 'part-lost-then-backfill', 'split-webhook', 'written-twice'] as const;
    for (const kind of cases) {
      const of = fx.lake.filter((e) => e.kind === kind);
      expect(of.length).toBeGreaterThan(0);
      for (const e of of) expect(byId.get(e.id)?.body.toString('utf8')).toBe(e.expected);
    }
    expect(fx.lake.filter((e) => e.kind === 'part-lost-then-backfill').map((e) => byId.get(e.id)?.source)).toEqual(['backfill']);
    expect(fx.lake.filter((e) => e.kind === 'part-lost-nothing-complete').map((e) => byId.get(e.id))).toEqual([undefined]);
  });

  it('selects created in [since, until): since inclusive, until exclusive, with late deliveries included', async () => {
    const since = fx.lake[100]!.created;
    const until = fx.lake[400]!.created;
    const { events } = await select({ since, until });
    const want = sendable(fx.lake.slice(100, 400));
    expect(events.map((e) => e.id)).toEqual(want.map((e) => e.id));
    expect(want.filter((e) => e.kind === 'late-webhook').length).toBeGreaterThan(0);
    const bareDate = await select({ since: '2026-03-03', until: '2026-03-04' });
    expect(bareDate.events.map((e) => e.id)).toEqual(sendable(fx.lake.filter((e) => e.created >= '2026-03-03')).map((e) => e.id));
  });

  it('filters by exact type, by prefix, and by id; with both, an event must match both', async () => {
    const exact = await select({ types: ['invoice.paid'] });
    expect(exact.events.map((e) => e.id)).toEqual(sendable(fx.lake.filter((e) => e.type === 'invoice.paid')).map((e) => e.id));
    const prefix = await select({ types: ['customer.*', 'v1.billing.*'] });
    expect(prefix.events.map((e) => e.id)).toEqual(
      sendable(fx.lake.filter((e) => e.type.startsWith('customer.') || e.type.startsWith('v1.billing.'))).map((e) => e.id),
    );
    expect(prefix.events.some((e) => e.type === 'v1.billing.meter.error_report_triggered')).toBe(true);
    const ids = [fx.lake[5]!.id, fx.lake[300]!.id];
    const byId = await select({ ids });
    expect(byId.events.map((e) => e.id)).toEqual(ids);
    const both = await select({ ids, types: [fx.lake[5]!.type] });
    expect(both.events.map((e) => e.id)).toEqual(fx.lake[5]!.type === fx.lake[300]!.type ? ids : [ids[0]]);
  });

  it('chooses, for every event, the copy stripe_events_deduped chooses, with the same bytes', async () => {
    const { events, incomplete } = await select({});
    const { rows } = await runQuery({ backend: 'local', lakeDir: fx.lakeDir, sql: 'SELECT id, source, body FROM event_lake.stripe_events_deduped ORDER BY id' });
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(rows.length).toBe(fx.lake.length);
    for (const row of rows) {
      const id = String(row['id']);
      if (row['body'] === null) expect(incomplete).toContain(id);
      else expect([byId.get(id)?.source, byId.get(id)?.body.toString('utf8')]).toEqual([row['source'], row['body']]);
    }
  });

  it('fails with a lake error when the lake folder does not exist', async () => {
    await expect(selectEvents(parseSelection({ types: [], ids: [] }), { backend: 'local', lakeDir: path.join(fx.lakeDir, 'missing') })).rejects.toThrow(LakeError);
  });
});
