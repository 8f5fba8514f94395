// Webhook deliveries of the fake Events API's events (arrival time = created + a few seconds), written to a
// local lake by the test kit's lake writer as Firehose would have delivered them.
import { randomUUID } from 'node:crypto';
import { summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import { writeLakeHours, writeLakeObject } from '@event-lake/test-kit';
import type { FakeStripeEvent, FakeThinEvent } from '@event-lake/stripe-events-api-fake';

type AnyEvent = FakeStripeEvent | FakeThinEvent;

function createdSeconds(event: AnyEvent): number {
  return typeof event.created === 'number' ? event.created : Math.floor(Date.parse(event.created) / 1000);
}

/** The archive lines of one webhook delivery of `event`, and when it arrived. */
function webhookDelivery(event: AnyEvent, maxLineBytes?: number): { arrivedAt: Date; lines: string[] } {
  const t = createdSeconds(event) + 3;
  const lines = toArchiveLines({
    source: 'webhook',
    deliveryId: randomUUID(),
    receivedAt: new Date(t * 1000),
    signature: `t=${t},v1=${'0'.repeat(64)}`,
    body: JSON.stringify(event, null, 2),
    event: summariseEvent(event),
  }, maxLineBytes);
  return { arrivedAt: new Date(t * 1000), lines };
}

/** One object per arrival hour, holding the webhook delivery of every event that arrived in it. */
export async function writeWebhookLake(lakeDir: string, events: readonly AnyEvent[]): Promise<void> {
  await writeLakeHours(lakeDir, events.map((e) => webhookDelivery(e)));
}

/**
 * A delivery of `event` split into parts of at most `maxLineBytes`, of which only the parts numbered in
 * `keep` landed (the rest lost: Stripe gave up after part 0 was acknowledged). Returns the part count.
 */
export async function writePartialDelivery(lakeDir: string, event: AnyEvent, maxLineBytes: number, keep: readonly number[]): Promise<number> {
  const { arrivedAt, lines } = webhookDelivery(event, maxLineBytes);
  await writeLakeObject(lakeDir, arrivedAt, lines.filter((_, i) => keep.includes(i)));
  return lines.length;
}
