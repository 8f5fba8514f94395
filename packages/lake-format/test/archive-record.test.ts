import { describe, expect, it } from '@jest/globals';
import {
  EventShapeError,
  decodeUtf8Exact,
  encodeArchiveLines,
  parseArchiveLine,
  rawBodyOf,
  summariseEvent,
  toArchiveLines,
  type DeliveryInput,
} from '../src/index.js';

const snapshot = (extra: Record<string, unknown> = {}) => ({
  id: 'evt_1',
  object: 'event',
  type: 'charge.succeeded',
  created: 1_700_000_000,
  livemode: false,
  api_version: '2024-06-20',
  data: { object: { id: 'ch_1' } },
  ...extra,
});

function delivery(body: string): DeliveryInput {
  return {
    source: 'webhook',
    deliveryId: 'd-1',
    receivedAt: new Date('2026-11-22T10:00:00.123Z'),
    signature: 't=1,v1=abc',
    body,
    event: summariseEvent(JSON.parse(body)),
  };
}

describe('summariseEvent', () => {
  it('lifts snapshot event columns and normalises created to ISO-8601', () => {
    expect(summariseEvent(snapshot({ account: 'acct_9' }))).toEqual({
      id: 'evt_1', type: 'charge.succeeded', object: 'event', created: '2023-11-14T22:13:20.000Z',
      livemode: false, api_version: '2024-06-20', account: 'acct_9',
    });
  });

  it('lifts thin event columns, taking the account from context', () => {
    const thin = {
      id: 'evt_test_65R', object: 'v2.core.event', type: 'v1.billing.meter.error_report_triggered',
      created: '2024-09-17T06:20:52.246Z', livemode: false, context: 'acct_1',
      related_object: { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' },
    };
    expect(summariseEvent(thin)).toMatchObject({ object: 'v2.core.event', created: '2024-09-17T06:20:52.246Z', account: 'acct_1', api_version: null });
  });

  it('accepts the last second of year 9999', () => {
    expect(summariseEvent(snapshot({ created: 253_402_300_799 })).created).toBe('9999-12-31T23:59:59.000Z');
  });

  it.each([
    ['an array', []],
    ['a customer object', { id: 'cus_1', object: 'customer', livemode: false, created: 1 }],
    ['an event without id', snapshot({ id: undefined })],
    ['an event with a numeric type', snapshot({ type: 5 })],
    ['an event with string created', snapshot({ created: '2024-01-01' })],
    ['an event without data', snapshot({ data: undefined })],
    ['an event created 9e15 s after the epoch (beyond what Date represents)', snapshot({ created: 9e15 })],
    ['an event created after year 9999', snapshot({ created: 253_402_300_800 })],
    ['an event created before the epoch', snapshot({ created: -1 })],
    ['a thin event created in a six-digit year', { ...snapshot(), object: 'v2.core.event', created: '+010000-01-01T00:00:00.000Z' }],
  ])('rejects %s', (_name, value) => {
    expect(() => summariseEvent(value)).toThrow(EventShapeError);
  });
});

describe('archive lines', () => {
  it('keeps the raw body byte for byte, including U+2028/U+2029, escapes and astral characters', () => {
    const body = `{\n  "id": "evt_1",\n  "object": "event",\n  "type": "charge.succeeded",\n  "created": 1700000000,\n  "livemode": false,\n  "data": {"object": {"d": "caf\u00e9 \u2028 \u2029 \\u00e9 \\" \\\\ \ud83d\ude00 \\t"}}\n}`;
    const bytes = Buffer.from(body, 'utf8');
    const lines = toArchiveLines(delivery(decodeUtf8Exact(bytes)));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(lines[0]!.slice(0, -1)).not.toContain('\n');
    expect(rawBodyOf(lines.map(parseArchiveLine)).equals(bytes)).toBe(true);
  });

  it('splits a body larger than one record into parts that reassemble exactly', () => {
    const big = 'é\u2028"\\😀'.repeat(60_000);
    const body = JSON.stringify(snapshot({ data: { object: { big } } }), null, 2);
    const lines = toArchiveLines(delivery(body), 100_000);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(100_000);
    const records = lines.map(parseArchiveLine).reverse();
    expect(new Set(records.map((r) => r.id))).toEqual(new Set(['evt_1']));
    expect(rawBodyOf(records).equals(Buffer.from(body, 'utf8'))).toBe(true);
  });

  it('encodes each line as the UTF-8 of the record object serialised in schema order, whole or in parts', () => {
    for (const [body, limit] of [[JSON.stringify(snapshot(), null, 2), undefined], [JSON.stringify(snapshot({ big: 'é\u2028"😀'.repeat(30_000) })), 50_000]] as const) {
      const input = delivery(body);
      const lines = encodeArchiveLines(input, limit);
      lines.forEach((bytes, part) => {
        const record = parseArchiveLine(bytes.toString('utf8'));
        const { body: slice, body_part: _p, body_parts: _n, ...meta } = record;
        expect(bytes.toString('utf8')).toBe(`${JSON.stringify({ ...meta, body: slice, body_part: part, body_parts: lines.length })}\n`);
        expect(bytes.length).toBeLessThanOrEqual(limit ?? 1_024_000);
      });
      expect(lines.map((b) => b.toString('utf8'))).toEqual(toArchiveLines(input, limit));
    }
  });

  it('refuses bytes that are not valid UTF-8 and keeps a BOM', () => {
    expect(() => decodeUtf8Exact(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow();
    expect(decodeUtf8Exact(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('\ufeff{}');
  });
});
