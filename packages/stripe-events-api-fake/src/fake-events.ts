// The fake Events API's events (tests and the fake-stripe demo): snapshot and thin events from the one
// generator (@event-lake/stripe-samples), spread evenly over a window, some snapshot events marked
// undelivered. A seed fixes ids, types, timestamps and bodies so a failing test can be replayed exactly.
// Named fake* so that no name here means something else in stripe-samples.
import { FAKE_EVENTS_API_VERSION, sampleEvent, seededRandom, snapshotEvent, THIN_EVENT_TYPE } from '@event-lake/stripe-samples';
import type { FakeStoredEvent } from './v1-events.js';
import type { FakeThinEvent } from './v2-events.js';

/** The snapshot event types the fake lists. */
export const FAKE_SNAPSHOT_EVENT_TYPES = [
  'payment_intent.created',
  'payment_intent.succeeded',
  'charge.succeeded',
  'customer.created',
  'invoice.paid',
  'checkout.session.completed',
  'charge.refunded',
] as const;

export interface FakeEventsOptions {
  readonly count: number;
  /** Events are spread evenly over [from, to) (epoch seconds). */
  readonly from: number;
  readonly to: number;
  readonly seed?: number;
  /** Share of events whose webhook delivery failed or is pending (listed by delivery_success=false). */
  readonly undeliveredShare?: number;
  /** FAKE_EVENTS_API_VERSION by default. */
  readonly apiVersion?: string;
}

/** Non-ASCII text in every body, so the audit and the backfill are always exercised with UTF-8. */
const METADATA = { note: 'café ✓' };

export function fakeSnapshotEvents(options: FakeEventsOptions): FakeStoredEvent[] {
  const { count, from, to } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  if (!(to > from)) throw new Error('"to" must be after "from"');
  const random = seededRandom(options.seed ?? 1);
  const step = (to - from) / Math.max(count, 1);
  const events: FakeStoredEvent[] = [];
  for (let i = 0; i < count; i++) {
    const type = FAKE_SNAPSHOT_EVENT_TYPES[Math.floor(random() * FAKE_SNAPSHOT_EVENT_TYPES.length)]!;
    const created = Math.floor(from + i * step);
    const undelivered = random() < (options.undeliveredShare ?? 0);
    const event = snapshotEvent(type, {
      random, now: () => new Date(created * 1000), apiVersion: options.apiVersion ?? FAKE_EVENTS_API_VERSION, metadata: METADATA,
    });
    events.push({ event: { ...event, pending_webhooks: undelivered ? 1 : 0 }, deliverySuccess: !undelivered });
  }
  return events;
}

/** Thin event types of the sample set: both are billing-meter events, like the generator's related object. */
export const FAKE_THIN_EVENT_TYPES = [THIN_EVENT_TYPE, 'v1.billing.meter.no_meter_found'] as const;

/** Thin events spread evenly over [from, to) (epoch seconds), `created` with milliseconds as Stripe sends. */
export function fakeThinEvents(options: Omit<FakeEventsOptions, 'undeliveredShare' | 'apiVersion'>): FakeThinEvent[] {
  const { count, from, to } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  if (!(to > from)) throw new Error('"to" must be after "from"');
  const random = seededRandom(options.seed ?? 1);
  const step = (to - from) / Math.max(count, 1);
  return Array.from({ length: count }, (_, i) => {
    const createdMs = Math.floor((from + i * step) * 1000) + Math.floor(random() * 1000);
    const type = FAKE_THIN_EVENT_TYPES[Math.floor(random() * FAKE_THIN_EVENT_TYPES.length)]!;
    const event = JSON.parse(sampleEvent(THIN_EVENT_TYPE, { random, now: () => new Date(createdMs) }).body) as FakeThinEvent;
    return { ...event, type };
  });
}
