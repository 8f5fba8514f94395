// Fault injection: failed calls, failed records inside a batch (the partial-failure shape), latency, hangs.
import { describe, it, expect, afterEach } from '@jest/globals';
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { readDeliveredLines } from '../src/index.js';
import { startHarness, type Harness } from './helpers.js';

const STREAM = 'event-lake-stripe-events';
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A deterministic "random" source: cycles through the given values. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ Data: Buffer.from(`r${i}\n`) }));

describe('fault injection', () => {
  it('failRecordRate fails a share of records with the per-record error shape, and stores only the others', async () => {
    // First value is the call-level draw (no call failure configured), then one draw per record.
    h = await startHarness({ faults: { failRecordRate: 0.5 }, random: sequence(0.9, 0.1, 0.9, 0.2, 0.8) });
    const out = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(4) }));
    expect(out.FailedPutCount).toBe(2);
    expect(out.RequestResponses).toEqual([
      { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
      { RecordId: expect.any(String) },
      { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
      { RecordId: expect.any(String) },
    ]);
    await h.firehose.flush();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['r1', 'r3']);
  });

  it('failCallRate answers ServiceUnavailableException (HTTP 500) and stores nothing', async () => {
    h = await startHarness({ faults: { failCallRate: 1 } });
    const err = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(3) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableException);
    expect((err as ServiceUnavailableException).$metadata.httpStatusCode).toBe(500);
    await expect(h.client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data: Buffer.from('x\n') } }))).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    await h.firehose.flush();
    expect(await readDeliveredLines(h.lakeDir)).toEqual([]);
  });

  it('setFaults switches faults on and off at run time', async () => {
    h = await startHarness();
    h.firehose.setFaults({ failCallRate: 1 });
    await expect(h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(1) }))).rejects.toBeInstanceOf(ServiceUnavailableException);
    h.firehose.setFaults({});
    const out = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(1) }));
    expect(out.FailedPutCount).toBe(0);
    expect(() => h!.firehose.setFaults({ failRecordRate: 2 })).toThrow('faults.failRecordRate must be a number from 0 to 1');
  });

  it('latencyMs still answers and stores', async () => {
    h = await startHarness({ faults: { latencyMs: 20 } });
    const out = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(2) }));
    expect(out.FailedPutCount).toBe(0);
    await h.firehose.flush();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['r0', 'r1']);
  });

  it('hang never answers, so a client with a request timeout gives up, and close() still returns', async () => {
    h = await startHarness({ faults: { hang: true } });
    const client = new FirehoseClient({
      endpoint: h.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
    });
    const err = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: batch(1) })).catch((e: unknown) => e);
    client.destroy();
    expect((err as Error).name).toBe('TimeoutError');
    await h.firehose.close();
    expect(await readDeliveredLines(h.lakeDir)).toEqual([]);
  });
});
