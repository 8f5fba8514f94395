// The wire protocol through the real AWS SDK v3 (and raw HTTP where the SDK would refuse to send).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  ResourceNotFoundException,
  InvalidArgumentException,
  FirehoseServiceException,
} from '@aws-sdk/client-firehose';
import { MAX_BATCH_RECORDS, MAX_RECORD_BYTES, DATA_PREFIX_TEMPLATE, ERROR_PREFIX_TEMPLATE } from '@event-lake/lake-format';
import { readDeliveredLines } from '../src/index.js';
import { line, startHarness, type Harness } from './helpers.js';

const STREAM = 'event-lake-stripe-events';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bufferSizeMiB: 3, bufferIntervalSeconds: 60 });
});
afterAll(async () => {
  await h.stop();
});

async function raw(target: string | undefined, body: string): Promise<{ status: number; json: Record<string, unknown>; errorType: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target) headers['x-amz-target'] = target;
  const res = await fetch(h.url, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, errorType: res.headers.get('x-amzn-errortype') };
}

describe('successful calls', () => {
  it('PutRecordBatch acknowledges each record with a unique RecordId and FailedPutCount 0', async () => {
    const out = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [0, 1, 2].map((i) => ({ Data: line(i) })) }));
    expect(out.FailedPutCount).toBe(0);
    expect(out.Encrypted).toBe(false);
    expect(out.RequestResponses?.map((r) => typeof r.RecordId)).toEqual(['string', 'string', 'string']);
    expect(new Set(out.RequestResponses?.map((r) => r.RecordId)).size).toBe(3);
  });

  it('PutRecord answers a RecordId and Encrypted false', async () => {
    const out = await h.client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data: line(3) } }));
    expect(out.RecordId).toMatch(/^[0-9a-f]+$/);
    expect(out.Encrypted).toBe(false);
  });

  it('delivers exactly the acknowledged bytes, in order, records concatenated without separators', async () => {
    await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [{ Data: Buffer.from('no-newline-') }, { Data: line(4) }] }));
    await h.firehose.flush();
    const lines = await readDeliveredLines(h.lakeDir);
    expect(lines).toEqual([0, 1, 2, 3].map((i) => line(i).toString().trimEnd()).concat(`no-newline-${line(4).toString().trimEnd()}`));
  });

  it('DescribeDeliveryStream reports an active direct-put stream with the shared prefixes and buffering hints', async () => {
    const out = await h.client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: STREAM }));
    const d = out.DeliveryStreamDescription!;
    expect(d.DeliveryStreamName).toBe(STREAM);
    expect(d.DeliveryStreamStatus).toBe('ACTIVE');
    expect(d.DeliveryStreamType).toBe('DirectPut');
    expect(d.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-west-1:000000000000:deliverystream/${STREAM}`);
    expect(d.CreateTimestamp).toBeInstanceOf(Date);
    const s3 = d.Destinations?.[0]?.ExtendedS3DestinationDescription;
    expect(s3?.Prefix).toBe(DATA_PREFIX_TEMPLATE);
    expect(s3?.ErrorOutputPrefix).toBe(ERROR_PREFIX_TEMPLATE);
    expect(s3?.CompressionFormat).toBe('GZIP');
    expect(s3?.BufferingHints).toEqual({ SizeInMBs: 3, IntervalInSeconds: 60 });
  });

  it('ListDeliveryStreams lists the stream, honouring the type filter and start name', async () => {
    expect((await h.client.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual([STREAM]);
    expect((await h.client.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }))).DeliveryStreamNames).toEqual([]);
    expect((await h.client.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: STREAM }))).DeliveryStreamNames).toEqual([]);
  });
});

describe('errors the SDK maps to named exceptions', () => {
  it('ResourceNotFoundException (HTTP 400) for an unknown stream', async () => {
    const err = await h.client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'other' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    expect((err as Error).message).toBe('Firehose other under account 000000000000 not found.');
  });

  it(`ValidationException for more than ${MAX_BATCH_RECORDS} records`, async () => {
    const records = Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => ({ Data: Buffer.from('x\n') }));
    const err = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records })).catch((e: unknown) => e);
    expect((err as FirehoseServiceException).name).toBe('ValidationException');
    expect((err as Error).message).toContain('less than or equal to 500');
  });

  it('InvalidArgumentException when a batch exceeds 4 MiB', async () => {
    const big = Buffer.alloc(MAX_RECORD_BYTES, 0x61);
    const records = Array.from({ length: 5 }, () => ({ Data: big }));
    const err = await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentException);
    expect((err as Error).message).toBe('Records size exceeds 4 MB limit');
  });

  it(`ValidationException for a record above ${MAX_RECORD_BYTES} bytes, and nothing of the call is stored`, async () => {
    const before = (await readDeliveredLines(h.lakeDir)).length;
    const err = await h.client
      .send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: [{ Data: line(9) }, { Data: Buffer.alloc(MAX_RECORD_BYTES + 1) }] }))
      .catch((e: unknown) => e);
    expect((err as FirehoseServiceException).name).toBe('ValidationException');
    await h.firehose.flush();
    expect((await readDeliveredLines(h.lakeDir)).length).toBe(before);
  });

  it('accepts a record of exactly the maximum size', async () => {
    const out = await h.client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data: Buffer.alloc(MAX_RECORD_BYTES, 0x62) } }));
    expect(out.RecordId).toBeDefined();
  });
});

describe('raw protocol errors', () => {
  it('UnknownOperationException for a missing or unknown X-Amz-Target', async () => {
    expect(await raw(undefined, '{}')).toMatchObject({ status: 400, errorType: 'UnknownOperationException', json: { __type: 'UnknownOperationException' } });
    expect((await raw('Firehose_20150804.DeleteDeliveryStream', '{}')).json).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('SerializationException for a body that is not JSON', async () => {
    expect(await raw('Firehose_20150804.PutRecord', '{nope')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
  });

  it('SerializationException for Data that is not base64', async () => {
    const body = JSON.stringify({ DeliveryStreamName: STREAM, Record: { Data: 'not base64!' } });
    expect((await raw('Firehose_20150804.PutRecord', body)).json).toMatchObject({ __type: 'SerializationException' });
  });

  it.each([
    ['URL-safe base64 (-)', Buffer.from([0xfb, 0xef, 0xbe]).toString('base64url'), '-'],
    ['URL-safe base64 (_)', Buffer.from([0xff, 0xff, 0xff]).toString('base64url'), '_'],
  ])('SerializationException for %s in PutRecord and PutRecordBatch', async (_name, data, char) => {
    for (const [target, body] of [
      ['PutRecord', { DeliveryStreamName: STREAM, Record: { Data: data } }],
      ['PutRecordBatch', { DeliveryStreamName: STREAM, Records: [{ Data: 'eA==' }, { Data: data }] }],
    ] as const) {
      const res = await raw(`Firehose_20150804.${target}`, JSON.stringify(body));
      expect(res).toMatchObject({ status: 400, errorType: 'SerializationException', json: { __type: 'SerializationException' } });
      expect(String(res.json['message'])).toContain(`'${char}'`);
    }
  });

  it('accepts the same bytes in standard base64', async () => {
    const data = Buffer.from([0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff]).toString('base64');
    expect(data).toBe('++++////');
    expect(await raw('Firehose_20150804.PutRecord', JSON.stringify({ DeliveryStreamName: STREAM, Record: { Data: data } }))).toMatchObject({ status: 200 });
  });

  it('ValidationException naming the field when Data is missing', async () => {
    const body = JSON.stringify({ DeliveryStreamName: STREAM, Records: [{ Data: 'eA==' }, {}] });
    const res = await raw('Firehose_20150804.PutRecordBatch', body);
    expect(res.json).toMatchObject({ __type: 'ValidationException' });
    expect(String(res.json['message'])).toContain('records.2.member.data');
  });
});
