// The batch handler with the real writer and the real AWS SDK over HTTP against firehose-local: SQS
// batches of real-shaped envelopes (snapshot, thin, Connect, malformed), packing, redelivery, and partial
// batch failures when firehose-local fails calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { createFirehoseClient, createFirehoseWriter, sdkFirehosePort, type CallReport } from '@event-lake/firehose-writer';
import { DEFAULT_DELIVERY_STREAM_NAME, parseArchiveLine, type ArchiveRecord } from '@event-lake/lake-format';
import { eventBridgeEnvelope, sampleEvent, sampleEvents, THIN_EVENT_TYPE } from '@event-lake/stripe-samples';
import { CONSUMER_LINGER_MS, processSqsBatch, unwrapEnvelope, type BatchLogger, type SqsEvent, type SqsRecord } from '../src/index.js';

const SENT_AT = Date.parse('2026-03-01T12:00:00.250Z');

function sqsRecord(body: string): SqsRecord {
  return { messageId: randomUUID(), body, attributes: { SentTimestamp: String(SENT_AT), ApproximateReceiveCount: '1' } };
}

interface Logged { level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }

describe('processSqsBatch against firehose-local', () => {
  let lakeDir: string;
  let firehose: FirehoseLocal;
  let url: string;
  let logged: Logged[];
  const logger: BatchLogger = {
    info: (fields, message) => logged.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
    warn: (fields, message) => logged.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
  };

  beforeAll(async () => {
    lakeDir = await mkdtemp(join(tmpdir(), 'eventbridge-consumer-'));
    firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900 });
    url = (await firehose.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await firehose.close();
    await rm(lakeDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    logged = [];
    firehose.setFaults({});
  });

  /** The real writer over the real SDK, configured as the consumer's; `calls` sees every PutRecordBatch. */
  function realWriter() {
    const calls: CallReport[] = [];
    const client = createFirehoseClient({ region: 'us-east-1', endpoint: url, requestTimeoutMs: 5_000, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const writer = createFirehoseWriter(sdkFirehosePort(client, DEFAULT_DELIVERY_STREAM_NAME), { lingerMs: CONSUMER_LINGER_MS, observer: { call: (r) => calls.push(r) }, backoffBaseMs: 20, backoffMaxMs: 100 });
    return { writer, calls, close: async () => { await writer.close(); client.destroy(); } };
  }

  async function archived(ids: readonly string[]): Promise<ArchiveRecord[]> {
    await firehose.flush();
    const wanted = new Set(ids);
    return (await readDeliveredLines(lakeDir)).map((l) => parseArchiveLine(l)).filter((r) => wanted.has(r.id));
  }

  it('archives snapshot, thin and Connect events and fails only the malformed messages', async () => {
    const snapshot = sqsRecord(eventBridgeEnvelope(sampleEvent('payment_intent.succeeded').body));
    const thin = sqsRecord(eventBridgeEnvelope(sampleEvent(THIN_EVENT_TYPE, { account: 'acct_1ThinConnect' }).body));
    const connect = sqsRecord(eventBridgeEnvelope(sampleEvent('charge.succeeded', { account: 'acct_1Connect' }).body));
    const notAnEnvelope = sqsRecord('{"hello":"world"}');
    const notAStripeEvent = sqsRecord(JSON.stringify({ ...(JSON.parse(snapshot.body) as object), id: randomUUID(), detail: { object: 'customer', id: 'cus_1' } }));
    const { writer, close } = realWriter();
    const event: SqsEvent = { Records: [snapshot, notAnEnvelope, thin, notAStripeEvent, connect] };

    const response = await processSqsBatch(event, { writer, logger }, { timeoutMs: 10_000 });
    await close();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: notAnEnvelope.messageId }, { itemIdentifier: notAStripeEvent.messageId }]);
    const good = [snapshot, thin, connect].map((r) => ({ record: r, envelope: unwrapEnvelope(r.body) }));
    const lines = await archived(good.map((g) => g.envelope.event.id));
    expect(lines).toHaveLength(3);
    for (const { record, envelope } of good) {
      const line = lines.find((l) => l.id === envelope.event.id)!;
      expect(line).toMatchObject({
        source: 'eventbridge', signature: null, delivery_id: envelope.eventBridgeId,
        received_at: new Date(SENT_AT).toISOString(), body_part: 0, body_parts: 1,
      });
      // The body is the detail text exactly as the message carried it.
      const detailText = envelope.detailText;
      expect(line.body).toBe(detailText);
      expect(record.body).toContain(`"detail":${line.body}`);
    }
    expect(lines.find((l) => l.object === 'v2.core.event')).toMatchObject({ type: THIN_EVENT_TYPE, account: 'acct_1ThinConnect', api_version: null });
    expect(lines.find((l) => l.type === 'charge.succeeded')?.account).toBe('acct_1Connect');
    // Malformed messages are logged with their reason, never their body.
    const warnings = logged.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.fields['messageId'])).toEqual([notAnEnvelope.messageId, notAStripeEvent.messageId]);
    expect(JSON.stringify(warnings)).not.toContain('hello');
    expect(logged.at(-1)).toMatchObject({ level: 'info', fields: { messages: 5, archived: 3, malformed: 2, notStored: 0 } });
  });

  it('packs a whole batch into one PutRecordBatch call and few records', async () => {
    const records = sampleEvents(100).map((e) => sqsRecord(eventBridgeEnvelope(e.body)));
    const { writer, calls, close } = realWriter();
    const response = await processSqsBatch({ Records: records }, { writer, logger }, { timeoutMs: 10_000 });
    await close();
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ lines: 100, failedRecords: 0 });
    // ~2-3 KB lines: about 300 KB in records of up to 1,000 KiB.
    expect(calls[0]!.records).toBeLessThanOrEqual(2);
    expect(await archived(records.map((r) => unwrapEnvelope(r.body).event.id))).toHaveLength(100);
  });

  it('a redelivered message repeats its delivery: same delivery_id, same line', async () => {
    const message = sqsRecord(eventBridgeEnvelope(sampleEvent('invoice.paid').body));
    const { writer, close } = realWriter();
    await processSqsBatch({ Records: [message] }, { writer, logger }, { timeoutMs: 10_000 });
    await processSqsBatch({ Records: [{ ...message, attributes: { ...message.attributes, ApproximateReceiveCount: '2' } }] }, { writer, logger }, { timeoutMs: 10_000 });
    await close();
    const lines = await archived([unwrapEnvelope(message.body).event.id]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual(lines[1]);
  });

  it('leaves every message in the queue while Firehose fails, and stores them once it recovers', async () => {
    const records = sampleEvents(20).map((e) => sqsRecord(eventBridgeEnvelope(e.body)));
    const ids = records.map((r) => unwrapEnvelope(r.body).event.id);
    firehose.setFaults({ failCallRate: 1 });
    const first = realWriter();
    const failed = await processSqsBatch({ Records: records }, { writer: first.writer, logger }, { timeoutMs: 400 });
    await first.close();
    expect(failed.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.messageId));
    expect(await archived(ids)).toEqual([]);
    expect(logged.filter((l) => l.message === 'not stored, left in the queue')).toHaveLength(20);

    firehose.setFaults({});
    const second = realWriter();
    const retried = await processSqsBatch({ Records: records }, { writer: second.writer, logger }, { timeoutMs: 10_000 });
    await second.close();
    expect(retried.batchItemFailures).toEqual([]);
    expect((await archived(ids)).map((l) => l.id).sort()).toEqual([...ids].sort());
  });

  it('fails only the messages whose records Firehose keeps refusing', async () => {
    // Every record of a call fails; the writer resends only failed records, so with a tight deadline the
    // messages fail, and none of them is reported stored.
    firehose.setFaults({ failRecordRate: 1 });
    const records = sampleEvents(5).map((e) => sqsRecord(eventBridgeEnvelope(e.body)));
    const malformed = sqsRecord('not json');
    const { writer, close } = realWriter();
    const response = await processSqsBatch({ Records: [...records, malformed] }, { writer, logger }, { timeoutMs: 400 });
    await close();
    expect(response.batchItemFailures).toHaveLength(6);
    expect(logged.at(-1)?.fields).toMatchObject({ archived: 0, malformed: 1, notStored: 5 });
  });
});
