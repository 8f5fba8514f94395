// The dedupe rule's reassembly of split bodies (array_join of the parts in SQL) must give the bytes
// lake-format's rawBodyOf gives, the bytes received: replay sends them as they come out of the rule. Checked
// with a body that has every kind of text the split has to step around (multi-byte characters, surrogate
// pairs, escapes, raw whitespace) in more than ten parts (so `body_part` order is numeric, not textual),
// their lines written out of order across two objects, on both local table sources.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArchiveLine, rawBodyOf, toArchiveLines } from '@event-lake/lake-format';
import { TEST_API_VERSION } from '@event-lake/stripe-samples';
import { writeLakeObject } from '@event-lake/test-kit';
import { dedupedEventsSql, openLocalBackend } from '../src/index.js';

const ID = 'evt_reassembly';
const TEXT = 'Café ☕ 😀👩‍👩‍👧 \u2028 "quoted" back\\slash\ttab\r\n日本語 ';

/** A webhook body as a sender might format it: raw tabs and CRLF between tokens, text worth escaping inside. */
const BODY = `{\r\n\t"id": "${ID}",\r\n\t"object": "event",\r\n\t"type": "customer.updated",\r\n\t"created": 1767225600,\r\n\t"livemode": false,\r\n\t"api_version": "${TEST_API_VERSION}",\r\n\t"data": {"object": {"id": "cus_1", "object": "customer", "description": ${JSON.stringify(TEXT.repeat(40))}}}\r\n}\r\n`;

let lakeDir: string;
let lines: string[];

beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-reassembly-'));
  const event = JSON.parse(BODY) as { type: string };
  lines = toArchiveLines({
    source: 'webhook',
    deliveryId: 'dlv-split',
    receivedAt: new Date('2026-01-01T00:01:00.000Z'),
    signature: 't=1,v1=x',
    body: BODY,
    event: { id: ID, type: event.type, object: 'event', created: '2026-01-01T00:00:00.000Z', livemode: false, api_version: TEST_API_VERSION, account: null },
  }, 700);
  const hour = new Date('2026-01-01T00:00:00Z');
  const reversed = [...lines].reverse();
  await writeLakeObject(lakeDir, hour, reversed.filter((_, i) => i % 2 === 0), { name: 'a.gz' });
  await writeLakeObject(lakeDir, hour, reversed.filter((_, i) => i % 2 === 1), { name: 'b.gz' });
});

afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

describe('the dedupe rule reassembles split bodies', () => {
  it.each([['the Parquet cache', true], ['the gzipped objects', false]])('to the bytes rawBodyOf gives, reading %s', async (_name, cache) => {
    expect(lines.length).toBeGreaterThan(10);
    const expected = rawBodyOf(lines.map(parseArchiveLine));
    expect(expected.equals(Buffer.from(BODY, 'utf8'))).toBe(true);
    const local = await openLocalBackend({ lakeDir, cache });
    try {
      const { rows } = await local.run(`SELECT id, body FROM (${await dedupedEventsSql({ where: `id = '${ID}'` })}) AS e`);
      expect(rows.map((r) => r['id'])).toEqual([ID]);
      const body = rows[0]!['body'];
      expect(typeof body).toBe('string');
      expect(Buffer.from(body as string, 'utf8').equals(expected)).toBe(true);
    } finally {
      local.close();
    }
  });
});
