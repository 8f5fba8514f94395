// The test kit's lake writer writes the layout firehose-local delivers: same keys, gzip NDJSON that
// firehose-local's own reader and lake-format's parser read back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listDeliveredObjects, objectKey, readDeliveredLines } from '@event-lake/firehose-local';
import { DEFAULT_DELIVERY_STREAM_NAME, parseArchiveLine, summariseEvent, toArchiveLines } from '@event-lake/lake-format';
import { generateScenario, writeLakeHours, writeLakeObject, writeScenarioLake } from '../src/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'test-kit-lake-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const at = new Date('2026-03-02T10:20:30.000Z');
const lines = (id: string, receivedAt = at) => {
  const event = { id, object: 'event', type: 'customer.created', created: 1_772_446_800, livemode: false, data: { object: { id: 'cus_1' } } };
  return toArchiveLines({ source: 'webhook', deliveryId: `d-${id}`, receivedAt, signature: 't=1,v1=x', body: JSON.stringify(event, null, 2), event: summariseEvent(event) });
};

describe('writeLakeObject', () => {
  it('writes under the key firehose-local gives, and its reader reads the lines back', async () => {
    const lake = path.join(dir, 'one');
    const key = await writeLakeObject(lake, at, lines('evt_1'), { uuid: '11111111-1111-4111-8111-111111111111' });
    expect(key).toBe(objectKey(DEFAULT_DELIVERY_STREAM_NAME, at.getTime(), '11111111-1111-4111-8111-111111111111'));
    expect(key).toBe('events/dt=2026-03-02/hour=10/event-lake-stripe-events-1-2026-03-02-10-20-30-11111111-1111-4111-8111-111111111111.gz');
    expect((await readDeliveredLines(lake)).map((l) => parseArchiveLine(l).id)).toEqual(['evt_1']);
  });

  it('takes a file name, in the partition of the arrival time', async () => {
    const lake = path.join(dir, 'named');
    expect(await writeLakeObject(lake, at, lines('evt_2'), { name: 'a.gz', gzipLevel: 1 })).toBe('events/dt=2026-03-02/hour=10/a.gz');
    expect(await readDeliveredLines(lake)).toHaveLength(1);
  });
});

describe('writeLakeHours', () => {
  it('writes one object per arrival hour; per-hour names repeat, fresh names do not', async () => {
    const deliveries = [
      { arrivedAt: at, lines: lines('evt_a') },
      { arrivedAt: new Date(at.getTime() + 3_600_000), lines: lines('evt_b') },
      { arrivedAt: new Date(at.getTime() + 60_000), lines: lines('evt_c') },
    ];
    const stable = path.join(dir, 'stable');
    expect(await writeLakeHours(stable, deliveries, { names: 'per-hour' })).toBe(3);
    const first = await listDeliveredObjects(stable);
    expect(first).toHaveLength(2);
    await writeLakeHours(stable, deliveries, { names: 'per-hour' });
    expect(await listDeliveredObjects(stable)).toEqual(first);
    expect((await readDeliveredLines(stable)).map((l) => parseArchiveLine(l).id)).toEqual(['evt_a', 'evt_c', 'evt_b']);

    const fresh = path.join(dir, 'fresh');
    await writeLakeHours(fresh, deliveries);
    await writeLakeHours(fresh, deliveries);
    expect(await listDeliveredObjects(fresh)).toHaveLength(4);
  });
});

describe('writeScenarioLake', () => {
  it('archives every delivery of a scenario, split where asked', async () => {
    const lake = path.join(dir, 'scenario');
    const events = generateScenario({ start: at, spanHours: 3, events: 30, seed: 9 });
    const written = await writeScenarioLake(lake, events, { splitEvery: { nth: 10, maxLineBytes: 700 } });
    const records = (await readDeliveredLines(lake)).map(parseArchiveLine);
    expect(records).toHaveLength(written);
    expect(records.filter((r) => r.body_part === 0)).toHaveLength(events.reduce((n, e) => n + e.deliveries.length, 0));
    expect(records.some((r) => r.body_parts > 1)).toBe(true);
    expect(await readdir(path.join(lake, 'events'))).toEqual(expect.arrayContaining(['dt=2026-03-02']));
  });
});
