// The audit: every event Stripe lists for the window, compared with the ids the lake holds.
import type Stripe from 'stripe';
import type { AuditWindow } from './audit-window.js';
import { idsInLake, lakePartitionRange, type PartitionRange, type RunSql } from './lake-index.js';
import { listStripeEvents, type ListFilters, type ListingProgress } from './stripe-event-listing.js';
import type { RateLimitPolicy } from './rate-limit.js';

export interface ListedEvent {
  readonly id: string;
  readonly type: string;
  /** Epoch seconds. */
  readonly created: number;
}

export interface TypeCounts {
  readonly type: string;
  /** Events Stripe lists for the window. */
  readonly stripe: number;
  /** Of those, the ones found in the lake. */
  readonly lake: number;
  readonly missing: number;
}

export interface AuditReport {
  readonly window: AuditWindow;
  readonly filters: ListFilters;
  readonly partitions: PartitionRange;
  readonly stripe: number;
  readonly lake: number;
  /** Oldest first. */
  readonly missing: readonly ListedEvent[];
  /** Sorted by type. */
  readonly byType: readonly TypeCounts[];
}

export interface AuditDeps {
  readonly stripe: Stripe;
  readonly runSql: RunSql;
  readonly now: Date;
  readonly onListingProgress?: (progress: ListingProgress) => void;
  readonly onLakeQuery?: (ids: number, partitions: PartitionRange) => void;
  readonly rateLimit?: RateLimitPolicy;
}

export async function auditLake(deps: AuditDeps, window: AuditWindow, filters: ListFilters = {}): Promise<AuditReport> {
  const listed = new Map<string, ListedEvent>();
  for await (const event of listStripeEvents(deps.stripe, {
    window,
    ...filters,
    ...(deps.onListingProgress ? { onProgress: deps.onListingProgress } : {}),
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
  })) {
    listed.set(event.id, { id: event.id, type: event.type, created: event.created });
  }
  const partitions = lakePartitionRange(window, deps.now);
  deps.onLakeQuery?.(listed.size, partitions);
  const present = await idsInLake(deps.runSql, [...listed.keys()], partitions);
  return { window, filters, partitions, ...compareWithLake([...listed.values()], present) };
}

/** Pure comparison: per-type counts and the missing events, oldest first. */
export function compareWithLake(listed: readonly ListedEvent[], present: ReadonlySet<string>) {
  const counts = new Map<string, { stripe: number; lake: number }>();
  const missing: ListedEvent[] = [];
  for (const e of listed) {
    const c = counts.get(e.type) ?? { stripe: 0, lake: 0 };
    c.stripe += 1;
    if (present.has(e.id)) c.lake += 1;
    else missing.push(e);
    counts.set(e.type, c);
  }
  missing.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  const byType: TypeCounts[] = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, c]) => ({ type, stripe: c.stripe, lake: c.lake, missing: c.stripe - c.lake }));
  return { stripe: listed.length, lake: listed.length - missing.length, missing, byType };
}
