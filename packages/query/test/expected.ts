// An independent model of what each view and named query must return, computed in TypeScript from the
// archive records themselves (not from SQL), so the SQL on DuckDB can be checked row for row.
import { gunzipSync } from 'node:zlib';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArchiveLine, type ArchiveRecord } from '@event-lake/lake-format';

export interface Delivery {
  readonly record: ArchiveRecord;
  readonly body: string;
}

export interface ModelEvent {
  readonly first: Delivery;
  readonly deliveryCount: number;
  readonly lastReceivedAt: string;
  readonly json: Record<string, unknown>;
}

/** Every archive record of a lake folder (gunzipped, parsed). */
export async function readLakeRecords(lakeDir: string): Promise<ArchiveRecord[]> {
  const out: ArchiveRecord[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.name.endsWith('.gz')) {
        for (const line of gunzipSync(await readFile(p)).toString('utf8').split('\n')) if (line) out.push(parseArchiveLine(line));
      }
    }
  };
  await walk(path.join(lakeDir, 'events'));
  return out;
}

export function deliveriesOf(records: readonly ArchiveRecord[]): Delivery[] {
  const parts = new Map<string, Map<number, ArchiveRecord>>();
  for (const r of records) {
    const m = parts.get(r.delivery_id) ?? new Map<number, ArchiveRecord>();
    m.set(r.body_part, r);
    parts.set(r.delivery_id, m);
  }
  return [...parts.values()].map((m) => {
    const ordered = [...m.values()].sort((a, b) => a.body_part - b.body_part);
    return { record: ordered[0]!, body: ordered.map((p) => p.body).join('') };
  });
}

export function eventsOf(deliveries: readonly Delivery[]): Map<string, ModelEvent> {
  const byId = new Map<string, Delivery[]>();
  for (const d of deliveries) byId.set(d.record.id, [...(byId.get(d.record.id) ?? []), d]);
  const out = new Map<string, ModelEvent>();
  for (const [id, ds] of byId) {
    const sorted = [...ds].sort((a, b) => cmp(a.record.received_at, b.record.received_at) || cmp(a.record.delivery_id, b.record.delivery_id));
    const first = sorted[0]!;
    out.set(id, {
      first,
      deliveryCount: ds.length,
      lastReceivedAt: sorted.map((d) => d.record.received_at).sort().at(-1)!,
      json: JSON.parse(first.body) as Record<string, unknown>,
    });
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inWindow = (iso: string, start: Date, end: Date) => {
  const t = Date.parse(iso);
  return t >= start.getTime() && t < end.getTime();
};
export const nearestRank = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length - 1e-9) - 1)]!;

export function get(json: unknown, ...keys: Array<string | number>): unknown {
  let v: unknown = json;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
const str = (v: unknown): string | null => (v === undefined || v === null || typeof v === 'object' ? null : String(v));

export function volumeByTypePerDay(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const groups = new Map<string, { day: string; type: string; ids: Set<string>; deliveries: Set<string> }>();
  for (const r of records) {
    if (!inWindow(r.created, start, end)) continue;
    const day = r.created.slice(0, 10);
    const key = `${day}|${r.type}`;
    const g = groups.get(key) ?? { day, type: r.type, ids: new Set(), deliveries: new Set() };
    g.ids.add(r.id);
    g.deliveries.add(r.delivery_id);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ day: g.day, type: g.type, events: g.ids.size, deliveries: g.deliveries.size }))
    .sort((a, b) => cmp(a.day, b.day) || b.events - a.events || cmp(a.type, b.type));
}

export function deliveryLagPercentiles(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const groups = new Map<string, number[]>();
  for (const d of deliveriesOf(records)) {
    const r = d.record;
    if (!inWindow(r.received_at, start, end)) continue;
    const key = `${r.received_at.slice(0, 10)}|${r.source}`;
    groups.set(key, [...(groups.get(key) ?? []), Date.parse(r.received_at) - Date.parse(r.created)]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([key, lags]) => {
      const sorted = [...lags].sort((a, b) => a - b);
      const [day, source] = key.split('|');
      return {
        day, source, deliveries: lags.length,
        p50_ms: nearestRank(sorted, 0.5), p90_ms: nearestRank(sorted, 0.9), p99_ms: nearestRank(sorted, 0.99), max_ms: sorted.at(-1),
      };
    });
}

export function duplicateDeliveryRate(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const perEvent = new Map<string, { first: string; n: number }>();
  for (const d of deliveriesOf(records)) {
    const r = d.record;
    if (!inWindow(r.received_at, start, end)) continue;
    const e = perEvent.get(r.id);
    perEvent.set(r.id, { first: e && e.first < r.received_at ? e.first : r.received_at, n: (e?.n ?? 0) + 1 });
  }
  const days = new Map<string, { events: number; deliveries: number; multi: number }>();
  for (const e of perEvent.values()) {
    const day = e.first.slice(0, 10);
    const g = days.get(day) ?? { events: 0, deliveries: 0, multi: 0 };
    g.events += 1;
    g.deliveries += e.n;
    if (e.n > 1) g.multi += 1;
    days.set(day, g);
  }
  return [...days.entries()].sort(([a], [b]) => cmp(a, b)).map(([day, g]) => ({
    day, events: g.events, deliveries: g.deliveries, duplicate_deliveries: g.deliveries - g.events,
    events_delivered_more_than_once: g.multi, duplicate_rate: Math.round(((g.deliveries - g.events) / g.deliveries) * 10_000) / 10_000,
  }));
}

function eventsInCreatedWindow(records: readonly ArchiveRecord[], start: Date, end: Date, types: readonly string[]) {
  const selected = records.filter((r) => types.includes(r.type) && inWindow(r.created, start, end));
  return [...eventsOf(deliveriesOf(selected)).values()].sort((a, b) => cmp(a.first.record.created, b.first.record.created) || cmp(a.first.record.id, b.first.record.id));
}

export function failedPayments(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const types = ['payment_intent.payment_failed', 'charge.failed', 'invoice.payment_failed'];
  return eventsInCreatedWindow(records, start, end, types).map((e) => {
    const o = get(e.json, 'data', 'object');
    const r = e.first.record;
    return {
      created: r.created, event_id: r.id, type: r.type, object_id: str(get(o, 'id')),
      amount: Number(get(o, 'amount') ?? get(o, 'amount_due')), currency: str(get(o, 'currency')), customer: str(get(o, 'customer')),
      failure_code: str(get(o, 'last_payment_error', 'code')) ?? str(get(o, 'failure_code')),
      decline_code: str(get(o, 'last_payment_error', 'decline_code')) ?? str(get(o, 'outcome', 'reason')),
      failure_message: str(get(o, 'last_payment_error', 'message')) ?? str(get(o, 'failure_message')),
      account: r.account, livemode: r.livemode, delivery_count: e.deliveryCount,
    };
  });
}

const FACTOR: Record<string, number> = { month: 1, year: 1 / 12, week: 52 / 12, day: 365 / 12 };

export function subscriptionMrrChanges(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const types = ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'customer.subscription.paused', 'customer.subscription.resumed'];
  const rows = [];
  for (const e of eventsInCreatedWindow(records, start, end, types)) {
    const r = e.first.record;
    const o = get(e.json, 'data', 'object');
    const prev = get(e.json, 'data', 'previous_attributes');
    const item = get(o, 'items', 'data', 0);
    const prevItem = get(prev, 'items', 'data', 0);
    const statusAfter = str(get(o, 'status'));
    const statusBefore = str(get(prev, 'status')) ?? statusAfter;
    const counts = (s: string | null) => s === 'active' || s === 'past_due';
    const amount = (it: unknown, fallback: unknown) => {
      const unit = Number(get(it, 'price', 'unit_amount') ?? get(fallback, 'price', 'unit_amount'));
      const qty = Number(get(it, 'quantity') ?? get(fallback, 'quantity') ?? 1);
      const interval = String(get(it, 'price', 'recurring', 'interval') ?? get(fallback, 'price', 'recurring', 'interval'));
      const count = Number(get(it, 'price', 'recurring', 'interval_count') ?? get(fallback, 'price', 'recurring', 'interval_count') ?? 1);
      return (unit * qty * FACTOR[interval]!) / count;
    };
    const before = r.type === 'customer.subscription.created' ? 0
      : r.type !== 'customer.subscription.deleted' && !counts(statusBefore) ? 0 : amount(prevItem ?? item, item);
    const after = r.type === 'customer.subscription.deleted' || !counts(statusAfter) ? 0 : amount(item, item);
    const b = Math.round(before);
    const a = Math.round(after);
    if (b === a) continue;
    rows.push({
      created: r.created, event_id: r.id, type: r.type, subscription_id: str(get(o, 'id')), customer: str(get(o, 'customer')),
      currency: str(get(o, 'currency')), status_before: statusBefore, status_after: statusAfter,
      mrr_before: b, mrr_after: a, mrr_delta: a - b,
      change: b === 0 ? 'new' : a === 0 ? 'churn' : after > before ? 'expansion' : 'contraction', account: r.account,
    });
  }
  return rows;
}

export function eventsPerAccount(records: readonly ArchiveRecord[], start: Date, end: Date) {
  const groups = new Map<string | null, { ids: Set<string>; deliveries: Set<string>; types: Set<string>; first: string; last: string }>();
  for (const r of records) {
    if (!inWindow(r.created, start, end)) continue;
    const g = groups.get(r.account) ?? { ids: new Set(), deliveries: new Set(), types: new Set(), first: r.created, last: r.created };
    g.ids.add(r.id);
    g.deliveries.add(r.delivery_id);
    g.types.add(r.type);
    if (r.created < g.first) g.first = r.created;
    if (r.created > g.last) g.last = r.created;
    groups.set(r.account, g);
  }
  return [...groups.entries()]
    .map(([account, g]) => ({ account, events: g.ids.size, deliveries: g.deliveries.size, event_types: g.types.size, first_created: g.first, last_created: g.last }))
    .sort((a, b) => b.events - a.events || (a.account === null ? -1 : b.account === null ? 1 : cmp(a.account, b.account)));
}

export function objectHistory(records: readonly ArchiveRecord[], objectId: string) {
  return [...eventsOf(deliveriesOf(records)).values()]
    .filter((e) => get(e.json, 'data', 'object', 'id') === objectId || get(e.json, 'related_object', 'id') === objectId)
    .sort((a, b) => cmp(a.first.record.created, b.first.record.created) || cmp(a.first.record.received_at, b.first.record.received_at) || cmp(a.first.record.id, b.first.record.id))
    .map((e) => ({
      created: e.first.record.created, event_id: e.first.record.id, type: e.first.record.type,
      object_type: str(get(e.json, 'data', 'object', 'object')) ?? str(get(e.json, 'related_object', 'type')),
      status: str(get(e.json, 'data', 'object', 'status')), account: e.first.record.account,
      received_at: e.first.record.received_at, delivery_count: e.deliveryCount,
    }));
}
