// Delivery like Firehose: objects by buffer size and by interval, keys from the shared prefix at the arrival
// time of the oldest record, GZIP, nothing but finished objects visible under the data prefix.
import { describe, it, expect, afterEach } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PutRecordBatchCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { listDeliveredObjects, readDeliveredLines } from '../src/index.js';
import { startHarness, type Harness } from './helpers.js';

const STREAM = 'event-lake-stripe-events';
const MiB = 1024 * 1024;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const put = (records: Buffer[]) => h!.client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records.map((Data) => ({ Data })) }));

async function waitForObjects(lakeDir: string, count: number): Promise<string[]> {
  for (;;) {
    const objects = await listDeliveredObjects(lakeDir);
    if (objects.length >= count) return objects;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('object keys', () => {
  it('names the object after the arrival time of its oldest record (UTC), with the shared prefix', async () => {
    let clock = new Date('2024-02-29T23:59:59.500Z');
    h = await startHarness({ now: () => clock });
    await put([Buffer.from('first\n')]);
    clock = new Date('2024-03-01T00:00:07Z'); // next day: same object, still keyed by the first record
    await put([Buffer.from('second\n')]);
    await h.firehose.flush();
    const [object, ...rest] = await listDeliveredObjects(h.lakeDir);
    expect(rest).toEqual([]);
    expect(relative(h.lakeDir, object!)).toMatch(
      /^events\/dt=2024-02-29\/hour=23\/event-lake-stripe-events-1-2024-02-29-23-59-59-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$/,
    );
    expect(gunzipSync(await readFile(object!)).toString()).toBe('first\nsecond\n');
  });

  it('uses the configured stream name in the object name', async () => {
    h = await startHarness({ streamName: 'other-stream', now: () => new Date('2025-01-02T03:04:05Z') });
    await h.client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'other-stream', Records: [{ Data: Buffer.from('x\n') }] }));
    await h.firehose.flush();
    const [object] = await listDeliveredObjects(h.lakeDir);
    expect(relative(h.lakeDir, object!)).toMatch(/^events\/dt=2025-01-02\/hour=03\/other-stream-1-2025-01-02-03-04-05-[0-9a-f-]{36}\.gz$/);
  });
});

describe('buffering hints', () => {
  it('starts a new object when the next record would take the buffer past the size hint', async () => {
    h = await startHarness({ bufferSizeMiB: 1, bufferIntervalSeconds: 900 });
    const record = Buffer.alloc(300 * 1024, 0x61);
    record[record.length - 1] = 0x0a;
    await put([record, record, record]); // 900 KiB: fits one buffer
    expect(await listDeliveredObjects(h.lakeDir)).toEqual([]);
    await put([record, record, record, record]); // 4th record would exceed 1 MiB: first object delivered
    const objects = await waitForObjects(h.lakeDir, 2);
    const sizes = await Promise.all(objects.map(async (o) => gunzipSync(await readFile(o)).length));
    expect(sizes).toEqual([3 * record.length, 3 * record.length]);
    await h.firehose.flush();
    expect((await readDeliveredLines(h.lakeDir)).length).toBe(7);
  });

  it('never splits a record across objects', async () => {
    h = await startHarness({ bufferSizeMiB: 1 });
    const big = Buffer.alloc(600 * 1024, 0x62);
    await put([Buffer.from('small\n'), big, big]);
    await h.firehose.flush();
    const contents = await Promise.all((await listDeliveredObjects(h.lakeDir)).map(async (o) => gunzipSync(await readFile(o))));
    expect(contents.map((c) => c.length).sort((a, b) => a - b)).toEqual([big.length, 6 + big.length]);
    expect(contents.every((c) => c.length <= MiB)).toBe(true);
  });

  it('delivers a partly filled buffer once its interval has passed, without flush', async () => {
    h = await startHarness({ bufferSizeMiB: 128, bufferIntervalSeconds: 1 });
    await put([Buffer.from('by-time\n')]);
    await waitForObjects(h.lakeDir, 1);
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['by-time']);
  });

  it('with interval 0 delivers right after the records are durable', async () => {
    h = await startHarness({ bufferIntervalSeconds: 0 });
    await put([Buffer.from('zero\n')]);
    await waitForObjects(h.lakeDir, 1);
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['zero']);
  });

  it('rejects hints outside Firehose ranges', async () => {
    const { createFirehoseLocal } = await import('../src/index.js');
    await expect(createFirehoseLocal({ lakeDir: '/nonexistent', bufferSizeMiB: 0 })).rejects.toThrow('bufferSizeMiB must be between 1 and 128');
    await expect(createFirehoseLocal({ lakeDir: '/nonexistent', bufferIntervalSeconds: 901 })).rejects.toThrow('bufferIntervalSeconds must be between 0 and 900');
  });
});

describe('when delivery fails', () => {
  it('retries, throttles new calls with ServiceUnavailableException once the backlog is full, and loses nothing', async () => {
    h = await startHarness({ bufferSizeMiB: 1, maxBacklogMiB: 1 });
    await writeFile(join(h.lakeDir, 'events'), 'a file where the partition folders should go'); // every delivery fails
    const big = Buffer.alloc(600 * 1024, 0x61);
    big[big.length - 1] = 0x0a;
    await put([big]);
    await put([big]); // seals the first 600 KiB: undeliverable
    await put([big]); // seals the second: 1.2 MB waiting, above the 1 MiB backlog limit
    await expect(put([Buffer.from('refused\n')])).rejects.toBeInstanceOf(ServiceUnavailableException);

    await rm(join(h.lakeDir, 'events')); // the disk "recovers": the retries deliver the backlog
    for (;;) {
      const accepted = await put([Buffer.from('accepted\n')]).then(() => true, (err: unknown) => {
        if (err instanceof ServiceUnavailableException) return false;
        throw err;
      });
      if (accepted) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.firehose.flush();
    const lines = await readDeliveredLines(h.lakeDir);
    expect(lines.filter((l) => l.startsWith('aaa')).length).toBe(3);
    expect(lines.filter((l) => l === 'accepted')).toEqual(['accepted']);
    expect(lines).not.toContain('refused');
  });
});

describe('close', () => {
  it('flushes every buffer and then refuses calls', async () => {
    h = await startHarness();
    await put([Buffer.from('before-close\n')]);
    await h.firehose.close();
    expect(await readDeliveredLines(h.lakeDir)).toEqual(['before-close']);
  });
});
