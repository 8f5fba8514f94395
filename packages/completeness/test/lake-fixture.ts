// Builds a local lake the way Firehose would have delivered webhook deliveries: gzip NDJSON objects
// under events/dt=…/hour=…/ (arrival time = created + a few seconds).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { evaluatePrefix, DATA_PREFIX_TEMPLATE, summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import type { FakeStripeEvent } from '@event-lake/stripe-events-api-fake';

export async function writeWebhookLake(lakeDir: string, events: readonly FakeStripeEvent[]): Promise<void> {
  const byPrefix = new Map<string, string[]>();
  for (const event of events) {
    const arrived = new Date((event.created + 3) * 1000);
    const body = JSON.stringify(event, null, 2);
    const lines = toArchiveLines({
      source: 'webhook',
      deliveryId: randomUUID(),
      receivedAt: arrived,
      signature: `t=${event.created + 3},v1=${'0'.repeat(64)}`,
      body,
      event: summariseEvent(event),
    });
    const prefix = evaluatePrefix(DATA_PREFIX_TEMPLATE, arrived);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), ...lines]);
  }
  for (const [prefix, lines] of byPrefix) {
    const dir = path.join(lakeDir, prefix);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `fixture-${randomUUID()}.gz`), gzipSync(lines.join('')));
  }
}
