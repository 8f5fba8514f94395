// Realistic Stripe event payloads for local runs, demos, tests and benchmarks: snapshot events
// (`object: "event"`) shaped like the API version they name, and one thin event (`object: "v2.core.event"`).
// `sampleEvent` gives the webhook body, pretty-printed with two spaces as Stripe sends it; `snapshotEvent`
// gives the object the Events API lists. Pass `random` (e.g. `seededRandom(seed)`) and `now` for
// reproducible output. `snapshotEventFor` and `thinEventFor` put Stripe's envelope around an object the
// caller built (the test kit's linked scenarios do): the envelope is written here only.
import { SAMPLE_API_VERSION } from './api-versions.js';

export interface SampleEventOptions {
  /** The event's creation time (and its object's); the current time by default. */
  now?: () => Date;
  random?: () => number;
  /** Connect account the event belongs to (`account` on snapshot events, `context` on thin events). */
  account?: string;
  /** `api_version` of snapshot events; SAMPLE_API_VERSION by default. */
  apiVersion?: string;
  /** Merchant metadata added to the event's object (where real non-ASCII text turns up). */
  metadata?: Readonly<Record<string, string>>;
}

export interface SampleEvent {
  id: string;
  type: string;
  /** The exact bytes to sign and send. */
  body: string;
}

/** A snapshot event as the Events API returns it (and as a webhook body parses). */
export interface SnapshotEvent {
  readonly id: string;
  readonly object: 'event';
  readonly type: string;
  /** Epoch seconds. */
  readonly created: number;
  readonly [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

interface Gen {
  id(prefix: string, length?: number): string;
  token(length: number): string;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  created: number;
  nowIso: string;
}

function generator(options: SampleEventOptions): Gen {
  const random = options.random ?? Math.random;
  const now = (options.now ?? (() => new Date()))();
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const token = (length: number) => Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('');
  return {
    id: (prefix, length = 24) => `${prefix}_${token(length)}`,
    token,
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    pick: (items) => items[Math.floor(random() * items.length)]!,
    created: Math.floor(now.getTime() / 1000),
    nowIso: now.toISOString(),
  };
}

const CUSTOMER_NAMES = ['Jenny Rosen', 'Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson'] as const;
const CURRENCIES = ['usd', 'eur', 'gbp'] as const;

function customer(g: Gen, id = g.id('cus', 14)): Obj {
  const name = g.pick(CUSTOMER_NAMES);
  return {
    id, object: 'customer', address: null, balance: 0, created: g.created, currency: null, default_source: null,
    delinquent: false, description: null, discount: null, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
    invoice_prefix: g.token(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false, metadata: {}, name, next_invoice_sequence: 1, phone: null, preferred_locales: [], shipping: null,
    tax_exempt: 'none', test_clock: null,
  };
}

function charge(g: Gen, amount: number, currency: string, customerId: string, paymentIntent: string, status: 'succeeded' | 'failed'): Obj {
  const failed = status === 'failed';
  return {
    id: g.id('ch'), object: 'charge', amount, amount_captured: failed ? 0 : amount, amount_refunded: 0,
    balance_transaction: failed ? null : g.id('txn'),
    billing_details: { address: { city: null, country: 'US', line1: null, line2: null, postal_code: '42424', state: null }, email: null, name: null, phone: null },
    captured: !failed, created: g.created, currency, customer: customerId, description: null, disputed: false,
    failure_code: failed ? 'card_declined' : null, failure_message: failed ? 'Your card was declined.' : null,
    livemode: false, metadata: {},
    outcome: failed
      ? { network_status: 'declined_by_network', reason: 'generic_decline', risk_level: 'normal', risk_score: g.int(0, 60), seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: g.int(0, 60), seller_message: 'Payment complete.', type: 'authorized' },
    paid: !failed, payment_intent: paymentIntent, payment_method: g.id('pm'),
    payment_method_details: { card: { brand: 'visa', country: 'US', exp_month: g.int(1, 12), exp_year: 2030, fingerprint: g.token(16), funding: 'credit', last4: failed ? '0002' : '4242', network: 'visa' }, type: 'card' },
    receipt_email: null, receipt_url: failed ? null : `https://pay.stripe.com/receipts/payment/${g.id('CAcaFwoV', 40)}`,
    refunded: false, status,
  };
}

function paymentIntent(g: Gen, status: string, amount: number, currency: string, customerId: string, id = g.id('pi')): Obj {
  return {
    id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: status === 'succeeded' ? amount : 0,
    automatic_payment_methods: { allow_redirects: 'always', enabled: true }, canceled_at: null, capture_method: 'automatic',
    client_secret: `${id}_secret_${g.token(24)}`, confirmation_method: 'automatic', created: g.created, currency,
    customer: customerId, description: `Order #${g.int(1000, 99999)}`,
    last_payment_error: status === 'requires_payment_method' ? { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', type: 'card_error' } : null,
    latest_charge: status === 'requires_payment_method' || status === 'succeeded' ? g.id('ch') : null,
    livemode: false, metadata: { order_id: String(g.int(100000, 999999)) }, payment_method: status === 'requires_payment_method' ? null : g.id('pm'),
    payment_method_types: ['card'], receipt_email: null, setup_future_usage: null, status,
  };
}

function subscription(g: Gen, status: string, customerId: string): Obj {
  const start = g.created;
  return {
    id: g.id('sub'), object: 'subscription', billing_cycle_anchor: start, cancel_at: null, cancel_at_period_end: false,
    canceled_at: status === 'canceled' ? start : null, collection_method: 'charge_automatically', created: start, currency: 'usd',
    current_period_end: start + 30 * 86400, current_period_start: start, customer: customerId, default_payment_method: g.id('pm'),
    ended_at: status === 'canceled' ? start : null,
    items: {
      object: 'list',
      data: [{ id: g.id('si', 14), object: 'subscription_item', created: start, plan: { id: g.id('price'), object: 'plan', active: true, amount: 2000, currency: 'usd', interval: 'month', interval_count: 1, product: g.id('prod', 14) }, quantity: 1 }],
      has_more: false, total_count: 1, url: '/v1/subscription_items?subscription=sub',
    },
    latest_invoice: g.id('in'), livemode: false, metadata: {}, status,
  };
}

function invoice(g: Gen, status: 'draft' | 'open' | 'paid', customerId: string): Obj {
  const amount = g.pick([2000, 4900, 9900]);
  const paid = status === 'paid';
  return {
    id: g.id('in'), object: 'invoice', account_country: 'US', account_name: 'Example Inc.', amount_due: amount,
    amount_paid: paid ? amount : 0, amount_remaining: paid ? 0 : amount, attempt_count: paid ? 1 : 0, attempted: paid,
    billing_reason: 'subscription_cycle', charge: paid ? g.id('ch') : null, collection_method: 'charge_automatically',
    created: g.created, currency: 'usd', customer: customerId, customer_email: 'jenny@example.com',
    hosted_invoice_url: status === 'draft' ? null : `https://invoice.stripe.com/i/${g.id('acct', 16)}/test_${g.token(40)}`,
    lines: { object: 'list', data: [{ id: g.id('il'), object: 'line_item', amount, currency: 'usd', description: '1 × Pro plan (at $' + amount / 100 + ' / month)', period: { end: g.created + 30 * 86400, start: g.created }, quantity: 1 }], has_more: false, total_count: 1, url: '/v1/invoices/in/lines' },
    livemode: false, metadata: {}, number: status === 'draft' ? null : `${g.token(8).toUpperCase()}-0001`, paid,
    period_end: g.created, period_start: g.created - 30 * 86400, status, subscription: g.id('sub'), subtotal: amount, total: amount,
  };
}

type Builder = (g: Gen) => { object: Obj; previous?: Obj };

/** Each supported snapshot type and how its `data.object` is built. */
const SNAPSHOT_BUILDERS: Readonly<Record<string, Builder>> = {
  'payment_intent.created': (g) => ({ object: paymentIntent(g, 'requires_payment_method', g.int(500, 50000), g.pick(CURRENCIES), g.id('cus', 14)) }),
  'payment_intent.succeeded': (g) => ({ object: paymentIntent(g, 'succeeded', g.int(500, 50000), g.pick(CURRENCIES), g.id('cus', 14)) }),
  'payment_intent.payment_failed': (g) => ({ object: paymentIntent(g, 'requires_payment_method', g.int(500, 50000), g.pick(CURRENCIES), g.id('cus', 14)) }),
  'charge.succeeded': (g) => ({ object: charge(g, g.int(500, 50000), g.pick(CURRENCIES), g.id('cus', 14), g.id('pi'), 'succeeded') }),
  'charge.failed': (g) => ({ object: charge(g, g.int(500, 50000), g.pick(CURRENCIES), g.id('cus', 14), g.id('pi'), 'failed') }),
  'charge.refunded': (g) => {
    const object = charge(g, g.int(500, 50000), 'usd', g.id('cus', 14), g.id('pi'), 'succeeded');
    object['amount_refunded'] = object['amount'] as number;
    object['refunded'] = true;
    return { object, previous: { amount_refunded: 0, refunded: false } };
  },
  'refund.created': (g) => ({
    object: {
      id: g.id('re'), object: 'refund', amount: g.int(500, 50000), balance_transaction: g.id('txn'), charge: g.id('ch'),
      created: g.created, currency: 'usd', metadata: {}, payment_intent: g.id('pi'), reason: 'requested_by_customer',
      receipt_number: null, source_transfer_reversal: null, status: 'succeeded', transfer_reversal: null,
    },
  }),
  'charge.dispute.created': (g) => ({
    object: {
      id: g.id('dp'), object: 'dispute', amount: g.int(500, 50000), balance_transactions: [], charge: g.id('ch'), created: g.created,
      currency: 'usd', evidence: { customer_name: null, product_description: null, uncategorized_text: null },
      evidence_details: { due_by: g.created + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: true, livemode: false, metadata: {}, payment_intent: g.id('pi'), reason: 'fraudulent', status: 'warning_needs_response',
    },
  }),
  'checkout.session.completed': (g) => {
    const amount = g.int(500, 50000);
    return {
      object: {
        id: g.id('cs_test', 58), object: 'checkout.session', amount_subtotal: amount, amount_total: amount, cancel_url: 'https://example.com/cancel',
        client_reference_id: null, created: g.created, currency: 'usd', customer: g.id('cus', 14),
        customer_details: { address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94103', state: null }, email: 'jenny@example.com', name: 'Jenny Rosen', phone: null, tax_exempt: 'none', tax_ids: [] },
        expires_at: g.created + 86400, livemode: false, metadata: {}, mode: 'payment', payment_intent: g.id('pi'), payment_status: 'paid',
        status: 'complete', success_url: 'https://example.com/success', url: null,
      },
    };
  },
  'customer.created': (g) => ({ object: customer(g) }),
  'customer.updated': (g) => ({ object: customer(g), previous: { email: 'old@example.com' } }),
  'customer.subscription.created': (g) => ({ object: subscription(g, 'active', g.id('cus', 14)) }),
  'customer.subscription.updated': (g) => ({ object: subscription(g, 'active', g.id('cus', 14)), previous: { cancel_at_period_end: true } }),
  'customer.subscription.deleted': (g) => ({ object: subscription(g, 'canceled', g.id('cus', 14)) }),
  'invoice.created': (g) => ({ object: invoice(g, 'draft', g.id('cus', 14)) }),
  'invoice.paid': (g) => ({ object: invoice(g, 'paid', g.id('cus', 14)) }),
  'invoice.payment_failed': (g) => ({ object: invoice(g, 'open', g.id('cus', 14)) }),
  'payout.created': (g) => ({ object: payout(g, 'pending') }),
  'payout.paid': (g) => ({ object: payout(g, 'paid') }),
};

function payout(g: Gen, status: 'pending' | 'paid'): Obj {
  return {
    id: g.id('po'), object: 'payout', amount: g.int(10000, 5000000), arrival_date: g.created + 2 * 86400, automatic: true,
    balance_transaction: g.id('txn'), created: g.created, currency: 'usd', description: 'STRIPE PAYOUT', destination: g.id('ba'),
    livemode: false, metadata: {}, method: 'standard', reconciliation_status: status === 'paid' ? 'completed' : 'not_applicable',
    source_type: 'card', statement_descriptor: null, status, type: 'bank_account',
  };
}

/** The thin (v2) event type the generator produces; its payload only references the related object. */
export const THIN_EVENT_TYPE = 'v1.billing.meter.error_report_triggered';

export const SAMPLE_EVENT_TYPES: readonly string[] = Object.freeze([...Object.keys(SNAPSHOT_BUILDERS), THIN_EVENT_TYPE]);

export class UnknownEventTypeError extends Error {}

/** One event of `type`, as Stripe would send it. */
export function sampleEvent(type: string, options: SampleEventOptions = {}): SampleEvent {
  const g = generator(options);
  const event = type === THIN_EVENT_TYPE ? thinEvent(g, options) : snapshot(type, g, options);
  return { id: event['id'] as string, type, body: JSON.stringify(event, null, 2) };
}

/** One snapshot event of `type` as an object, as the Events API lists it. */
export function snapshotEvent(type: string, options: SampleEventOptions = {}): SnapshotEvent {
  if (type === THIN_EVENT_TYPE) throw new UnknownEventTypeError(`"${type}" is a thin event, not a snapshot event`);
  return snapshot(type, generator(options), options);
}

function thinEvent(g: Gen, options: SampleEventOptions): Record<string, unknown> {
  const meter = g.id('mtr_test', 32);
  return thinEventFor(THIN_EVENT_TYPE, { id: meter, type: 'billing.meter', url: `/v1/billing/meters/${meter}` }, {
    id: g.id('evt_test', 36), created: g.nowIso, account: options.account ?? null,
    reason: { type: 'request', request: { id: g.id('req_v2', 20), idempotency_key: g.token(36) } },
  });
}

function snapshot(type: string, g: Gen, options: SampleEventOptions): SnapshotEvent {
  const build = SNAPSHOT_BUILDERS[type];
  if (!build) throw new UnknownEventTypeError(`unknown sample event type "${type}"; known: ${SAMPLE_EVENT_TYPES.join(', ')}`);
  const { object, previous } = build(g);
  if (options.metadata) object['metadata'] = { ...(isObj(object['metadata']) ? object['metadata'] : {}), ...options.metadata };
  return snapshotEventFor(type, object, {
    id: g.id('evt'), created: g.created, account: options.account ?? null, apiVersion: options.apiVersion ?? SAMPLE_API_VERSION,
    ...(previous ? { previousAttributes: previous } : {}), request: { id: g.id('req', 14), idempotency_key: g.token(36) },
  });
}

/** What goes around a snapshot event's object. */
export interface SnapshotEnvelope {
  readonly id: string;
  /** Epoch seconds. */
  readonly created: number;
  /** SAMPLE_API_VERSION by default. */
  readonly apiVersion?: string;
  /** The Connect account; no `account` field when null or absent. */
  readonly account?: string | null;
  readonly previousAttributes?: Readonly<Record<string, unknown>>;
  readonly request?: { readonly id: string | null; readonly idempotency_key: string | null };
}

/** A snapshot event of `type` about `object` (`data.object`), with Stripe's envelope in Stripe's field order. */
export function snapshotEventFor(type: string, object: Readonly<Record<string, unknown>>, envelope: SnapshotEnvelope): SnapshotEvent {
  return {
    id: envelope.id, object: 'event', ...(envelope.account ? { account: envelope.account } : {}),
    api_version: envelope.apiVersion ?? SAMPLE_API_VERSION,
    created: envelope.created,
    data: envelope.previousAttributes ? { object, previous_attributes: envelope.previousAttributes } : { object },
    livemode: false, pending_webhooks: 1,
    request: envelope.request ?? { id: null, idempotency_key: null }, type,
  };
}

/** What goes around a thin event's related object. */
export interface ThinEnvelope {
  readonly id: string;
  /** ISO-8601 with milliseconds, as Stripe sends thin events' `created`. */
  readonly created: string;
  /** The Connect account (`context`); null when absent. */
  readonly account?: string | null;
  readonly reason?: Readonly<Record<string, unknown>>;
}

/** A thin event (`object: "v2.core.event"`) of `type` about `relatedObject`: no data, only a reference. */
export function thinEventFor(
  type: string, relatedObject: { readonly id: string; readonly type: string; readonly url: string }, envelope: ThinEnvelope,
): Record<string, unknown> {
  return {
    id: envelope.id, object: 'v2.core.event', type, livemode: false, created: envelope.created,
    related_object: relatedObject, context: envelope.account ?? null, ...(envelope.reason ? { reason: envelope.reason } : {}),
  };
}

function isObj(value: Json | undefined): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `count` events cycling through `types` (default: every sample type), in order. */
export function sampleEvents(count: number, types: readonly string[] = SAMPLE_EVENT_TYPES, options: SampleEventOptions = {}): SampleEvent[] {
  if (types.length === 0) throw new RangeError('types must not be empty');
  return Array.from({ length: count }, (_, i) => sampleEvent(types[i % types.length]!, options));
}
