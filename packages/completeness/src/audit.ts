// The audit: every event Stripe lists for the window (snapshot events from /v1/events, thin events from
// /v2/core/events), compared with the ids the lake holds completely.
import type Stripe from 'stripe';
import type { AuditWindow } from './audit-window.js';
import { lakePartitionRange, lakePresence, type LakePresence, type PartitionRange, type RunSql } from './lake-index.js';
import { listStripeEvents, type ListFilters, type ListingProgress } from './stripe-event-listing.js';
import { listThinEvents } from './thin-event-listing.js';
import type { RateLimitPolicy } from './rate-limit.js';

/** `v1`: snapshot events (`object: "event"`); `v2`: thin events (`object: "v2.core.event"`). */
export type EventKind = 'v1' | 'v2';
export const EVENT_KINDS: readonly EventKind[] = ['v1', 'v2'];

export interface ListedEvent {
  readonly id: string;
  readonly type: string;
  /** Epoch seconds. */
  readonly created: number;
  readonly kind: EventKind;
}

export interface TypeCounts {
  readonly type: string;
  readonly kind: EventKind;
  /** Events Stripe lists for the window. */
  readonly stripe: number;
  /** Of those, the ones the lake holds completely. */
  readonly lake: number;
  readonly missing: number;
  /** Found in the lake only with some body parts lacking. */
  readonly incomplete: number;
}

export interface KindCounts {
  readonly stripe: number;
  readonly lake: number;
  readonly missing: number;
  readonly incomplete: number;
  /** Listed events created after the window's end (Firehose may still be buffering them): not compared. */
  readonly afterWindow: number;
}

export interface AuditReport {
  readonly window: AuditWindow;
  readonly filters: ListFilters;
  readonly partitions: PartitionRange;
  /** Listed up to here; events in [window.until, listedUntil) are counted in afterWindow only. */
  readonly listedUntil: Date;
  /**
   * The kinds listed: thin events have no delivery_success filter, so --undelivered-only lists v1 only;
   * with --type, only the kinds the types belong to (typesByKind).
   */
  readonly kinds: readonly EventKind[];
  readonly stripe: number;
  readonly lake: number;
  /** Not in the lake at all; oldest first. */
  readonly missing: readonly ListedEvent[];
  /** In the lake only partly (no delivery with every body part); oldest first. */
  readonly incomplete: readonly ListedEvent[];
  /** Sorted by kind, then type. */
  readonly byType: readonly TypeCounts[];
  readonly byKind: Readonly<Record<EventKind, KindCounts>>;
}

export interface AuditDeps {
  readonly stripe: Stripe;
  readonly runSql: RunSql;
  readonly now: Date;
  readonly onListingProgress?: (kind: EventKind, progress: ListingProgress) => void;
  readonly onLakeQuery?: (ids: number, partitions: PartitionRange) => void;
  readonly rateLimit?: RateLimitPolicy;
}

export interface AuditOptions extends ListFilters {
  /** List up to here (≥ window.until) to count the events after the window; defaults to window.until. */
  readonly listUntil?: Date;
}

export async function auditLake(deps: AuditDeps, window: AuditWindow, options: AuditOptions = {}): Promise<AuditReport> {
  const { listUntil, ...filters } = options;
  const listedUntil = listUntil && listUntil.getTime() > window.until.getTime() ? listUntil : window.until;
  const listing = { window: { since: window.since, until: listedUntil }, ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}) };
  const progress = (kind: EventKind) => (deps.onListingProgress ? { onProgress: (p: ListingProgress) => deps.onListingProgress?.(kind, p) } : {});
  const types = typesByKind(filters.types);
  const kinds = EVENT_KINDS.filter((k) => (types === undefined || types[k].length > 0) && (k === 'v1' || filters.deliverySuccess === undefined));
  const listed = new Map<string, ListedEvent>();
  if (kinds.includes('v1')) {
    const v1Filters = { ...filters, types: types?.v1 };
    for await (const e of listStripeEvents(deps.stripe, { ...listing, ...v1Filters, ...progress('v1') })) {
      listed.set(e.id, { id: e.id, type: e.type, created: e.created, kind: 'v1' });
    }
  }
  if (kinds.includes('v2')) {
    for await (const e of listThinEvents(deps.stripe, { ...listing, types: types?.v2, ...progress('v2') })) {
      listed.set(e.id, { id: e.id, type: e.type, created: Math.floor(Date.parse(e.created) / 1000), kind: 'v2' });
    }
  }
  const untilSeconds = window.until.getTime() / 1000;
  const inWindow = [...listed.values()].filter((e) => e.created < untilSeconds);
  const after = [...listed.values()].filter((e) => e.created >= untilSeconds);
  const partitions = lakePartitionRange(window, deps.now);
  deps.onLakeQuery?.(inWindow.length, partitions);
  const presence = await lakePresence(deps.runSql, inWindow.map((e) => e.id), partitions);
  return { window, filters, partitions, listedUntil, kinds, ...compareWithLake(inWindow, presence, after) };
}

/**
 * Each --type goes to the API that knows it: thin event types are namespaced by API version
 * (`v1.billing.meter.error_report_triggered`, `v2.core.account.created`), snapshot types never are.
 * Undefined when no type is given (list everything of both kinds).
 */
export function typesByKind(types: readonly string[] | undefined): Record<EventKind, string[]> | undefined {
  if (!types || types.length === 0) return undefined;
  const thin = (t: string) => /^v\d+\./.test(t);
  return { v1: types.filter((t) => !thin(t)), v2: types.filter(thin) };
}

/** Pure comparison: per-kind and per-type counts, the missing and the incomplete events, oldest first. */
export function compareWithLake(listed: readonly ListedEvent[], presence: LakePresence, afterWindow: readonly ListedEvent[] = []) {
  const byType = new Map<string, { type: string; kind: EventKind; stripe: number; lake: number; missing: number; incomplete: number }>();
  const missing: ListedEvent[] = [];
  const incomplete: ListedEvent[] = [];
  for (const e of listed) {
    const key = `${e.kind} ${e.type}`;
    const c = byType.get(key) ?? { type: e.type, kind: e.kind, stripe: 0, lake: 0, missing: 0, incomplete: 0 };
    c.stripe += 1;
    if (presence.complete.has(e.id)) c.lake += 1;
    else if (presence.incomplete.has(e.id)) {
      c.incomplete += 1;
      incomplete.push(e);
    } else {
      c.missing += 1;
      missing.push(e);
    }
    byType.set(key, c);
  }
  const oldestFirst = (a: ListedEvent, b: ListedEvent) => a.created - b.created || (a.id < b.id ? -1 : 1);
  missing.sort(oldestFirst);
  incomplete.sort(oldestFirst);
  const types: TypeCounts[] = [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  const kindCounts = (kind: EventKind): KindCounts => {
    const of = types.filter((t) => t.kind === kind);
    const sum = (f: (t: TypeCounts) => number) => of.reduce((n, t) => n + f(t), 0);
    return {
      stripe: sum((t) => t.stripe), lake: sum((t) => t.lake), missing: sum((t) => t.missing), incomplete: sum((t) => t.incomplete),
      afterWindow: afterWindow.filter((e) => e.kind === kind).length,
    };
  };
  return {
    stripe: listed.length,
    lake: listed.length - missing.length - incomplete.length,
    missing,
    incomplete,
    byType: types,
    byKind: { v1: kindCounts('v1'), v2: kindCounts('v2') },
  };
}

/** What a backfill writes: the missing and the incomplete events. */
export function eventsToBackfill(report: AuditReport): ListedEvent[] {
  return [...report.missing, ...report.incomplete];
}
