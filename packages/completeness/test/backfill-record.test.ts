import { describe, it, expect } from '@jest/globals';
import { ARCHIVE_SCHEMA_VERSION, parseArchiveLine, rawBodyOf, EventShapeError } from '@event-lake/lake-format';
import { backfillDeliveryId, backfillLines } from '../src/backfill-record.js';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';

const [sample] = fakeSnapshotEvents({ count: 1, from: 1_763_800_000, to: 1_763_800_100, seed: 3 });
const event = sample!.event;
const at = new Date('2026-11-22T12:00:00.123Z');

describe('backfillLines', () => {
  it('builds the archive record with source backfill, no signature and the event as body', () => {
    const lines = backfillLines(event, at);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const record = parseArchiveLine(lines[0]!);
    expect(record).toMatchObject({
      schema_version: ARCHIVE_SCHEMA_VERSION,
      source: 'backfill',
      signature: null,
      id: event.id,
      type: event.type,
      object: 'event',
      created: new Date(event.created * 1000).toISOString(),
      livemode: false,
      received_at: '2026-11-22T12:00:00.123Z',
      delivery_id: backfillDeliveryId(event.id),
      body_part: 0,
      body_parts: 1,
    });
    expect(JSON.parse(rawBodyOf([record]).toString('utf8'))).toEqual(event);
  });

  it('splits a large event into parts that reassemble to the same body', () => {
    const big = { ...event, data: { object: { id: 'obj_1', blob: 'é'.repeat(3000) } } };
    const lines = backfillLines(big, at, 2048);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(2048);
    expect(JSON.parse(rawBodyOf(lines.map(parseArchiveLine)).toString('utf8'))).toEqual(big);
  });

  it('refuses something that is not a Stripe event', () => {
    expect(() => backfillLines({ id: 'evt_1', object: 'charge' }, at)).toThrow(EventShapeError);
  });
});

describe('backfillDeliveryId', () => {
  it('is a version-5 UUID, the same for the same event and different for another', () => {
    const a = backfillDeliveryId('evt_1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(backfillDeliveryId('evt_1')).toBe(a);
    expect(backfillDeliveryId('evt_2')).not.toBe(a);
  });
});
