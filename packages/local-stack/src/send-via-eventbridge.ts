// `send-event --via eventbridge`: wraps each event as Stripe's EventBridge destination does, puts the
// envelopes in SQS-shaped batches and hands them to the consumer's own code (the Lambda's handler logic
// and Firehose writer), which writes into the local stack's firehose-local. One result line per event.
import { randomUUID } from 'node:crypto';
import { openConsumer, type ConsumerConfig, type SqsRecord } from '@event-lake/eventbridge-consumer';
import { eventBridgeEnvelope, LOCAL_PARTNER_SOURCE, type SampleEvent } from '@event-lake/stripe-samples';

/** Messages per batch, as the deployed event source mapping delivers them (infra: CONSUMER_BATCH_SIZE). */
const BATCH_SIZE = 100;
/** How long one batch may wait for firehose-local (which answers in milliseconds when it is up). */
const BATCH_TIMEOUT_MS = 10_000;

export interface EventBridgeResult {
  event: SampleEvent;
  ok: boolean;
  /** Why the consumer did not store it. */
  detail: string;
}

export async function sendViaEventBridge(
  events: readonly SampleEvent[],
  config: ConsumerConfig,
  onResult: (result: EventBridgeResult) => void,
  onBatch: (status: string) => void = () => {},
): Promise<number> {
  const reasons = new Map<string, string>();
  const consumer = openConsumer(config, {
    info: () => {},
    warn: (fields, message) => {
      const f = fields as { messageId?: string; reason?: string };
      if (f.messageId) reasons.set(f.messageId, `${message}: ${f.reason ?? ''}`);
    },
  });
  let failed = 0;
  try {
    for (let start = 0; start < events.length; start += BATCH_SIZE) {
      const batch = events.slice(start, start + BATCH_SIZE);
      onBatch(`batch ${start / BATCH_SIZE + 1} of ${Math.ceil(events.length / BATCH_SIZE)}: ${batch.length} envelope${batch.length === 1 ? '' : 's'}…`);
      const records: SqsRecord[] = batch.map((event) => ({
        messageId: randomUUID(),
        body: eventBridgeEnvelope(event.body, { source: config.expectedSource ?? LOCAL_PARTNER_SOURCE }),
        attributes: { SentTimestamp: String(Date.now()), ApproximateReceiveCount: '1' },
      }));
      const { batchItemFailures } = await consumer.handle({ Records: records }, BATCH_TIMEOUT_MS);
      const notStored = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      batch.forEach((event, i) => {
        const id = records[i]!.messageId;
        const ok = !notStored.has(id);
        if (!ok) failed++;
        onResult({ event, ok, detail: ok ? '' : (reasons.get(id) ?? 'not stored') });
      });
    }
  } finally {
    await consumer.close();
  }
  return failed;
}

export function formatEventBridgeResult(r: EventBridgeResult): string {
  return `${r.ok ? 'ok  ' : 'FAIL'} eventbridge ${r.event.type.padEnd(40)} ${r.event.id}  ${r.ok ? 'stored' : r.detail}`;
}
