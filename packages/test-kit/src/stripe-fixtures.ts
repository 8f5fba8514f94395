// Deterministic Stripe-like events for the query and replay tests: object lifecycles (payment intents with
// charges, refunds and disputes; customers with subscriptions and invoices; thin v2 events), pretty-printed
// as Stripe sends them, each with one or more deliveries. The objects are linked across a lifecycle (one
// payment intent, its charge, its refund), which is what this adds; the event around each object comes from
// the one generator (@event-lake/stripe-samples), with TEST_API_VERSION.
import { summariseEvent, type EventSummary } from '@event-lake/lake-format';
import { seededRandom, snapshotEventFor, TEST_API_VERSION, THIN_EVENT_TYPE, thinEventFor } from '@event-lake/stripe-samples';

export interface ScenarioEvent {
  readonly body: string;
  readonly summary: EventSummary;
  /** The object the event is about (data.object.id or related_object.id). */
  readonly objectId: string;
  /** Arrival times of each delivery; the first is the original, the rest duplicates. */
  readonly deliveries: readonly Date[];
}

export interface ScenarioOptions {
  /** Creation time of the first event. */
  readonly start: Date;
  /** Events are created over this many hours. */
  readonly spanHours: number;
  /** Roughly how many events to make (whole lifecycles, so a few more). */
  readonly events: number;
  readonly seed?: number;
  /** Share of events delivered twice (a few three times). */
  readonly duplicateRate?: number;
  /** Pad bodies to about this many bytes (metadata), for realistic sizes. */
  readonly padBytes?: number;
}

export const ACCOUNTS = [null, null, null, 'acct_1Connect000001', 'acct_1Connect000002'] as const;

export function generateScenario(options: ScenarioOptions): ScenarioEvent[] {
  const rand = seededRandom(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const spanSeconds = options.spanHours * 3600;
  const t0 = Math.floor(options.start.getTime() / 1000);
  const dupRate = options.duplicateRate ?? 0.1;
  const pad = options.padBytes ?? 0;
  const out: ScenarioEvent[] = [];
  let seq = 0;
  const usedSeconds = new Set<number>();

  /** A creation second not used before, so ordering by created is unambiguous. */
  const uniqueSecond = (from: number): number => {
    let s = Math.min(from, t0 + spanSeconds - 1);
    while (usedSeconds.has(s)) s = s + 1 >= t0 + spanSeconds ? t0 + Math.floor(rand() * spanSeconds) : s + 1;
    usedSeconds.add(s);
    return s;
  };

  const emit = (type: string, created: number, account: string | null, object: Record<string, unknown>, previous?: Record<string, unknown>) => {
    seq += 1;
    const id = `evt_${String(seq).padStart(8, '0')}${options.seed ?? 42}`;
    if (pad > 0) object['metadata'] = { note: 'x'.repeat(pad) };
    const event = snapshotEventFor(type, object, {
      id, created, account, apiVersion: TEST_API_VERSION, request: { id: `req_${seq}`, idempotency_key: null },
      ...(previous ? { previousAttributes: previous } : {}),
    });
    out.push(finish(event, String(object['id']), created));
  };

  const finish = (event: Readonly<Record<string, unknown>>, objectId: string, created: number): ScenarioEvent => {
    const body = JSON.stringify(event, null, 2);
    const summary = summariseEvent(JSON.parse(body));
    const first = created * 1000 + 20 + Math.floor(rand() * 4000); // 20 ms .. 4 s after creation
    const deliveries = [new Date(first)];
    const r = rand();
    if (r < dupRate) deliveries.push(new Date(first + 1000 + Math.floor(rand() * 600_000)));
    if (r < dupRate / 5) deliveries.push(new Date(first + 2000 + Math.floor(rand() * 900_000)));
    return { body, summary, objectId, deliveries };
  };

  let story = 0;
  const sfx = `x${options.seed ?? 42}`; // ids unique across scenarios with different seeds
  while (out.length < options.events) {
    story += 1;
    const account = pick(ACCOUNTS);
    let t = uniqueSecond(t0 + Math.floor(rand() * (spanSeconds - 600)));
    const next = () => (t = uniqueSecond(t + 1 + Math.floor(rand() * 120)));
    const kind = rand();
    if (kind < 0.5) {
      const pi = `pi_${story}${sfx}`;
      const ch = `ch_${story}${sfx}`;
      const amount = 500 + Math.floor(rand() * 20000);
      const cus = `cus_${story}${sfx}`;
      const piObj = (status: string, extra: Record<string, unknown> = {}) => ({
        id: pi, object: 'payment_intent', amount, amount_received: status === 'succeeded' ? amount : 0, currency: 'usd',
        customer: cus, status, created: t, description: `Order ${story}`, payment_method: 'pm_card', last_payment_error: null, ...extra,
      });
      const chObj = (status: string, extra: Record<string, unknown> = {}) => ({
        id: ch, object: 'charge', amount, amount_captured: status === 'succeeded' ? amount : 0, amount_refunded: 0, currency: 'usd',
        customer: cus, payment_intent: pi, status, paid: status === 'succeeded', captured: status === 'succeeded', refunded: false,
        failure_code: null, failure_message: null, outcome: { type: status === 'succeeded' ? 'authorized' : 'issuer_declined', reason: null }, created: t, ...extra,
      });
      emit('payment_intent.created', t, account, piObj('requires_payment_method'));
      if (rand() < 0.3) {
        next();
        emit('payment_intent.payment_failed', t, account, piObj('requires_payment_method', {
          last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
        }));
        emit('charge.failed', next(), account, chObj('failed', {
          failure_code: 'card_declined', failure_message: 'Your card has insufficient funds.', outcome: { type: 'issuer_declined', reason: 'insufficient_funds' },
        }));
      }
      emit('payment_intent.succeeded', next(), account, piObj('succeeded'));
      emit('charge.succeeded', next(), account, chObj('succeeded'));
      const after = rand();
      if (after < 0.15) {
        emit('charge.refunded', next(), account, chObj('succeeded', { refunded: true, amount_refunded: amount }));
        emit('refund.created', next(), account, { id: `re_${story}${sfx}`, object: 'refund', amount, currency: 'usd', charge: ch, payment_intent: pi, status: 'succeeded', reason: 'requested_by_customer', created: t });
      } else if (after < 0.2) {
        emit('charge.dispute.created', next(), account, {
          id: `dp_${story}${sfx}`, object: 'dispute', amount, currency: 'usd', charge: ch, payment_intent: pi, status: 'needs_response', reason: 'fraudulent',
          evidence_details: { due_by: t + 7 * 86400 }, created: t,
        });
      }
    } else if (kind < 0.85) {
      const cus = `cus_${story}${sfx}`;
      const sub = `sub_${story}${sfx}`;
      const price = (unit: number, interval: string) => ({ id: `price_${interval}_${unit}`, object: 'price', unit_amount: unit, currency: 'eur', recurring: { interval, interval_count: 1 } });
      const items = (unit: number, quantity: number, interval: string) => ({ object: 'list', data: [{ id: `si_${story}${sfx}`, object: 'subscription_item', price: price(unit, interval), quantity }] });
      const subObj = (status: string, unit: number, quantity: number, interval: string) => ({
        id: sub, object: 'subscription', customer: cus, status, currency: 'eur', cancel_at_period_end: false, created: t,
        items: items(unit, quantity, interval), current_period_end: t + 30 * 86400, canceled_at: status === 'canceled' ? t : null,
      });
      emit('customer.created', t, account, { id: cus, object: 'customer', email: `c${story}@example.com`, name: `Customer ${story}`, currency: 'eur', balance: 0, delinquent: false, created: t });
      const unit = pick([900, 2000, 4900]);
      emit('customer.subscription.created', next(), account, subObj('active', unit, 1, 'month'));
      emit('invoice.paid', next(), account, {
        id: `in_${story}${sfx}`, object: 'invoice', customer: cus, subscription: sub, status: 'paid', billing_reason: 'subscription_create', currency: 'eur',
        amount_due: unit, amount_paid: unit, amount_remaining: 0, attempt_count: 1, number: `INV-${story}`, period_start: t, period_end: t, created: t,
      });
      const r = rand();
      if (r < 0.4) {
        emit('customer.subscription.updated', next(), account, subObj('active', unit, 3, 'month'), { items: items(unit, 1, 'month') });
      } else if (r < 0.6) {
        emit('customer.subscription.updated', next(), account, subObj('active', unit * 10, 1, 'year'), { items: items(unit, 1, 'month') });
      } else if (r < 0.75) {
        emit('invoice.payment_failed', next(), account, {
          id: `in_${story}${sfx}b`, object: 'invoice', customer: cus, subscription: sub, status: 'open', billing_reason: 'subscription_cycle', currency: 'eur',
          amount_due: unit, amount_paid: 0, amount_remaining: unit, attempt_count: 1, number: `INV-${story}b`, period_start: t, period_end: t, created: t,
        });
        emit('customer.subscription.updated', next(), account, subObj('past_due', unit, 1, 'month'), { status: 'active' });
        emit('customer.subscription.deleted', next(), account, subObj('canceled', unit, 1, 'month'), undefined);
      } else {
        emit('customer.updated', next(), account, { id: cus, object: 'customer', email: `new${story}@example.com`, name: `Customer ${story}`, currency: 'eur', balance: 0, delinquent: false, created: t }, { email: `c${story}@example.com` });
      }
    } else {
      // A thin event (v2 event destinations): no data, a related object.
      seq += 1;
      const id = `evt_thin_${String(seq).padStart(8, '0')}${options.seed ?? 42}`;
      const objectId = `mtr_${story}${sfx}`;
      const event = thinEventFor(THIN_EVENT_TYPE, { id: objectId, type: 'billing.meter', url: `/v1/billing/meters/${objectId}` }, {
        id, created: new Date(t * 1000).toISOString(), account,
      });
      out.push(finish(event, objectId, t));
    }
  }
  return out;
}
