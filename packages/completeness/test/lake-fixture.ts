// Builds a local lake the way Firehose would have delivered webhook deliveries: gzip NDJSON objects
// under events/dt=…/hour=…/ (arrival time = created + a few seconds).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { evaluatePrefix, DATA_PREFIX_TEMPLATE, summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import type { FakeStripeEvent, FakeThinEvent } from '@event-lake/stripe-events-api-fake';

type AnyEvent = FakeStripeEvent | FakeThinEvent;

function createdSeconds(event: AnyEvent): number {
  return typeof event.created === 'number' ? event.created : Math.floor(Date.parse(event.created) / 1000);
}

/** The archive lines of one webhook delivery of `event`, and when it arrived. */
function webhookDelivery(event: AnyEvent, maxLineBytes?: number): { arrived: Date; lines: string[] } {
  const t = createdSeconds(event) + 3;
  const lines = toArchiveLines({
    source: 'webhook',
    deliveryId: randomUUID(),
    receivedAt: new Date(t * 1000),
    signature: `t=${t},v1=${'0'.repeat(64)}`,
    body: JSON.stringify(event, null, 2),
    event: summariseEvent(event),
  }, maxLineBytes);
  return { arrived: new Date(t * 1000), lines };
}

async function writeLines(lakeDir: string, deliveries: readonly { arrived: Date; lines: readonly string[] }[]): Promise<void> {
  const byPrefix = new Map<string, string[]>();
  for (const { arrived, lines } of deliveries) {
    const prefix = evaluatePrefix(DATA_PREFIX_TEMPLATE, arrived);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), ...lines]);
  }
  for (const [prefix, lines] of byPrefix) {
    const dir = path.join(lakeDir, prefix);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `fixture-${randomUUID()}.gz`), gzipSync(lines.join('')));
  }
}

/** Archive lines that arrived at `arrived`, as one lake object in that arrival partition. */
export async function writeLinesAt(lakeDir: string, arrived: Date, lines: readonly string[]): Promise<void> {
  await writeLines(lakeDir, [{ arrived, lines }]);
}

export async function writeWebhookLake(lakeDir: string, events: readonly AnyEvent[]): Promise<void> {
  await writeLines(lakeDir, events.map((e) => webhookDelivery(e)));
}

/**
 * A delivery of `event` split into parts of at most `maxLineBytes`, of which only the parts numbered in
 * `keep` landed (the rest lost: Stripe gave up after part 0 was acknowledged). Returns the part count.
 */
export async function writePartialDelivery(lakeDir: string, event: AnyEvent, maxLineBytes: number, keep: readonly number[]): Promise<number> {
  const { arrived, lines } = webhookDelivery(event, maxLineBytes);
  await writeLines(lakeDir, [{ arrived, lines: lines.filter((_, i) => keep.includes(i)) }]);
  return lines.length;
}
