import { describe, it, expect, afterEach } from '@jest/globals';
import { PutRecordBatchCommand, PutRecordCommand, ResourceNotFoundException } from '@aws-sdk/client-firehose';
import { readDeliveredLines } from '../src/index.js';
import { line, startHarness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('PutRecordBatch through the AWS SDK', () => {
  it('acknowledges every record with a RecordId and delivers them in order on flush', async () => {
    h = await startHarness();
    const records = Array.from({ length: 500 }, (_, i) => ({ Data: line(i) }));
    const out = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'event-lake-stripe-events', Records: records }));
    expect(out.FailedPutCount).toBe(0);
    expect(out.Encrypted).toBe(false);
    expect(out.RequestResponses).toHaveLength(500);
    expect(new Set(out.RequestResponses!.map((r) => r.RecordId)).size).toBe(500);
    await h.firehose.flush();
    const lines = await readDeliveredLines(h.lakeDir);
    expect(lines).toEqual(records.map((r) => r.Data.toString().trimEnd()));
  });

  it('PutRecord returns a RecordId and the record is delivered', async () => {
    h = await startHarness();
    const out = await h.client.send(new PutRecordCommand({ DeliveryStreamName: 'event-lake-stripe-events', Record: { Data: line(1) } }));
    expect(typeof out.RecordId).toBe('string');
    await h.firehose.flush();
    expect(await readDeliveredLines(h.lakeDir)).toEqual([line(1).toString().trimEnd()]);
  });

  it('answers ResourceNotFoundException for another stream', async () => {
    h = await startHarness();
    await expect(
      h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'nope', Records: [{ Data: line(1) }] })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
