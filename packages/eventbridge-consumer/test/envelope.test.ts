// Unwrapping real-shaped envelopes: the detail's exact text, the checks that send a message to the DLQ,
// and agreement with stripe-node's own EventBridge helpers on what the event is.
import { describe, expect, it } from '@jest/globals';
import Stripe from 'stripe';
import { eventBridgeEnvelope, LOCAL_PARTNER_SOURCE, sampleEvent, THIN_EVENT_TYPE } from '@event-lake/stripe-samples';
import { MalformedEnvelopeError, unwrapEnvelope } from '../src/index.js';

const snapshotBody = () => eventBridgeEnvelope(sampleEvent('payment_intent.succeeded').body);

describe('unwrapEnvelope', () => {
  it('lifts the columns of a snapshot event and keeps the EventBridge id', () => {
    const text = snapshotBody();
    const envelope = JSON.parse(text) as { id: string; detail: { id: string; created: number } };
    const unwrapped = unwrapEnvelope(text);
    expect(unwrapped.eventBridgeId).toBe(envelope.id);
    expect(unwrapped.source).toBe(LOCAL_PARTNER_SOURCE);
    expect(unwrapped.event).toMatchObject({
      id: envelope.detail.id, type: 'payment_intent.succeeded', object: 'event',
      created: new Date(envelope.detail.created * 1000).toISOString(), account: null,
    });
  });

  it('lifts a thin event and the Connect account of both kinds', () => {
    const thin = unwrapEnvelope(eventBridgeEnvelope(sampleEvent(THIN_EVENT_TYPE, { account: 'acct_1Thin' }).body));
    expect(thin.event).toMatchObject({ object: 'v2.core.event', type: THIN_EVENT_TYPE, api_version: null, account: 'acct_1Thin' });
    const connect = unwrapEnvelope(eventBridgeEnvelope(sampleEvent('charge.succeeded', { account: 'acct_1Connect' }).body));
    expect(connect.event.account).toBe('acct_1Connect');
  });

  it('keeps the detail exactly as the message text carried it, spacing, escapes and number spelling included', () => {
    const detail = '{ "id" : "evt_1", "object":"event", "type":"charge.succeeded", "created":1700000000,\n'
      + '  "livemode":false, "data":{"object":{"amount":1.50e3, "note":"caf\\u00e9 } ] \\" {", "x":[1,{"y":"}"}]}} }';
    const text = `{"version":"0","id":"7f1c0c4e-1b7a-4c55-9d2e-8f4b1a776f1c","detail-type":"charge.succeeded",`
      + `"source":"${LOCAL_PARTNER_SOURCE}","account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1",`
      + `"resources":[],"detail":   ${detail}  ,"trailing":{"detail":"not this one"}}`;
    const unwrapped = unwrapEnvelope(text);
    expect(unwrapped.detailText).toBe(detail);
    expect(JSON.parse(unwrapped.detailText)).toEqual((JSON.parse(text) as { detail: unknown }).detail);
  });

  it('takes the last "detail" member when there are two, as JSON.parse does', () => {
    const first = sampleEvent('customer.created').body;
    const last = JSON.stringify(JSON.parse(sampleEvent('customer.created').body));
    const envelope = JSON.parse(eventBridgeEnvelope(first)) as Record<string, unknown>;
    const { detail: _dropped, ...head } = envelope;
    const text = `${JSON.stringify(head).slice(0, -1)},"detail":${first},"detail":${last}}`;
    expect(unwrapEnvelope(text).detailText).toBe(last);
  });

  it('finds the same event as stripe-node 23 (constructEventWithoutVerification, parseEventNotificationWithoutVerification)', () => {
    const snapshot = snapshotBody();
    expect(JSON.parse(unwrapEnvelope(snapshot).detailText)).toEqual(Stripe.webhooks.constructEventWithoutVerification(snapshot));
    const thin = eventBridgeEnvelope(sampleEvent(THIN_EVENT_TYPE).body);
    const notification = new Stripe('sk_test_unused').parseEventNotificationWithoutVerification(thin);
    const unwrapped = unwrapEnvelope(thin);
    expect([unwrapped.event.id, unwrapped.event.type, unwrapped.event.object]).toEqual([notification.id, notification.type, notification.object]);
  });

  const valid = () => JSON.parse(snapshotBody()) as Record<string, unknown>;
  const cases: Array<[string, () => string, RegExp]> = [
    ['not JSON', () => 'evt_123', /not JSON/],
    ['an array', () => '[]', /not a JSON object/],
    ['a bare Stripe event (stripe-node would accept it, no envelope)', () => sampleEvent('customer.created').body, /"id" is not an EventBridge event id/],
    ['another source', () => JSON.stringify({ ...valid(), source: 'aws.partner/example.com/x' }), /"source" is not a Stripe partner event source/],
    ['no detail', () => JSON.stringify({ ...valid(), detail: undefined }), /"detail" is not an object/],
    ['a detail that is not a Stripe event', () => JSON.stringify({ ...valid(), detail: { id: 'cus_1', object: 'customer' } }), /"detail" is not a Stripe event: "object"/],
    ['a detail-type that is not the event type', () => JSON.stringify({ ...valid(), 'detail-type': 'charge.refunded' }), /"detail-type" differs/],
  ];
  it.each(cases)('refuses %s with a MalformedEnvelopeError naming the problem', (_name, body, message) => {
    const attempt = () => unwrapEnvelope(body());
    expect(attempt).toThrow(MalformedEnvelopeError);
    expect(attempt).toThrow(message);
  });

  it('refuses another Stripe source than the configured one', () => {
    expect(() => unwrapEnvelope(snapshotBody(), { expectedSource: 'aws.partner/stripe.com/ed_other' })).toThrow(/not the configured aws\.partner\/stripe\.com\/ed_other/);
  });
});
