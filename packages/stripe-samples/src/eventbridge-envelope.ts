// A Stripe event wrapped as Stripe's Amazon EventBridge destination delivers it, as the JSON text an SQS
// target receives: { version: "0", id, "detail-type": <event type>, source: <partner event source>,
// account, time, region, resources: [], detail: <the event> }. EventBridge parses what Stripe puts and
// writes its own JSON, so the detail arrives re-serialised (compact here), never as Stripe's bytes.
import { randomUUID } from 'node:crypto';

/** A well-formed sandbox partner event source name, for local runs and tests. */
export const LOCAL_PARTNER_SOURCE = 'aws.partner/stripe.com/ed_test_local_development';

export interface EnvelopeOptions {
  /** Partner event source name; LOCAL_PARTNER_SOURCE by default. */
  source?: string;
  /** EventBridge event id; a fresh UUID by default (EventBridge gives every event its own). */
  id?: string;
  awsAccount?: string;
  region?: string;
  now?: () => Date;
}

/** The envelope JSON text for one Stripe event given as JSON text (snapshot or thin). */
export function eventBridgeEnvelope(eventJson: string, options: EnvelopeOptions = {}): string {
  const detail = JSON.parse(eventJson) as { type?: unknown };
  return JSON.stringify({
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': detail.type,
    source: options.source ?? LOCAL_PARTNER_SOURCE,
    account: options.awsAccount ?? '000000000000',
    // EventBridge's `time` has whole seconds.
    time: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region ?? 'us-east-1',
    resources: [],
    detail,
  });
}
