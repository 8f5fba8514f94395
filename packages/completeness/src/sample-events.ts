// Deterministic, Stripe-shaped snapshot events for the fake Events API (tests and demos). A seed fixes
// ids, types and timestamps so a failing test can be replayed exactly.
import type { FakeStoredEvent, FakeStripeEvent } from './stripe-events-api-fake.js';

export const SAMPLE_EVENT_TYPES = [
  'payment_intent.created',
  'payment_intent.succeeded',
  'charge.succeeded',
  'customer.created',
  'invoice.paid',
  'checkout.session.completed',
  'charge.refunded',
] as const;

export interface SampleEventsOptions {
  readonly count: number;
  /** Events are spread evenly over [from, to) (epoch seconds). */
  readonly from: number;
  readonly to: number;
  readonly seed?: number;
  /** Share of events whose webhook delivery failed or is pending (listed by delivery_success=false). */
  readonly undeliveredShare?: number;
  readonly apiVersion?: string;
}

export function sampleEvents(options: SampleEventsOptions): FakeStoredEvent[] {
  const { count, from, to } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  if (!(to > from)) throw new Error('"to" must be after "from"');
  const random = mulberry32(options.seed ?? 1);
  const step = (to - from) / Math.max(count, 1);
  const events: FakeStoredEvent[] = [];
  for (let i = 0; i < count; i++) {
    const type = SAMPLE_EVENT_TYPES[Math.floor(random() * SAMPLE_EVENT_TYPES.length)]!;
    const created = Math.floor(from + i * step);
    const undelivered = random() < (options.undeliveredShare ?? 0);
    events.push({ event: sampleEvent(`evt_${token(random, 24)}`, type, created, undelivered, random, options.apiVersion), deliverySuccess: !undelivered });
  }
  return events;
}

function sampleEvent(
  id: string, type: string, created: number, undelivered: boolean, random: () => number, apiVersion = '2025-10-29.clover',
): FakeStripeEvent {
  const objectName = type.slice(0, type.lastIndexOf('.'));
  return {
    id,
    object: 'event',
    api_version: apiVersion,
    created,
    data: {
      object: {
        id: `${objectPrefix(objectName)}_${token(random, 24)}`,
        object: objectName,
        amount: 100 + Math.floor(random() * 99_900),
        currency: 'eur',
        created,
        livemode: false,
        metadata: { order: `ord_${Math.floor(random() * 1e6)}`, note: 'café ✓' },
      },
    },
    livemode: false,
    pending_webhooks: undelivered ? 1 : 0,
    request: { id: `req_${token(random, 14)}`, idempotency_key: null },
    type,
  };
}

function objectPrefix(objectName: string): string {
  const prefixes: Record<string, string> = {
    payment_intent: 'pi', charge: 'ch', customer: 'cus', invoice: 'in', 'checkout.session': 'cs',
  };
  return prefixes[objectName] ?? 'obj';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function token(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

/** Small seeded PRNG (public-domain mulberry32): reproducible without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
