// The permanent-refusal alarm (infra/lib/monitoring.ts) counts access-log lines by their `code` field, for
// the codes of PERMANENT_REFUSAL_CODES, and only lines with `signed: true` (the request carried a parseable
// Stripe-Signature, so it may be Stripe's); anonymous ones (`signed: false`) have their own metric and no
// alarm. These tests keep that list true: every code in it is what the ingress answers and logs for a real
// case, and every case answered with a permanent 4xx is in it; and they check the `signed` field.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { PERMANENT_REFUSAL_CODES } from '../src/errors.js';
import { startHarness, type Harness } from './harness.js';
import { hostileRequests } from './hostile-requests.js';
import { jsonHeaders, send, type RawRequest } from './http-client.js';
import { NOW_S, snapshotEventBody } from '@event-lake/test-kit';

const LIMIT = 64 * 1024;

describe('permanent refusals', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ bodyLimitBytes: LIMIT }); });
  afterAll(async () => { await h.close(); });

  const permanent: readonly string[] = PERMANENT_REFUSAL_CODES;
  const cases = hostileRequests(NOW_S, LIMIT).filter((c) => permanent.includes(c.code));

  it('every code in the list is answered for some request', () => {
    expect([...new Set(cases.map((c) => c.code))].sort()).toEqual([...PERMANENT_REFUSAL_CODES].sort());
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: logged with its code in the `code` field', async (_name, c) => {
    const before = h.logs.length;
    const res = await send(h.url, c.request);
    expect(res.json?.error?.code).toBe(c.code);
    for (let i = 0; i < 100 && h.logs.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    const lines = h.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ code: c.code, status: c.status, msg: 'request refused', signed: true }));
  });

  /** The access-log line of one request. */
  const logged = async (request: RawRequest) => {
    const before = h.logs.length;
    const res = await send(h.url, request);
    for (let i = 0; i < 100 && h.logs.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    return { res, line: JSON.parse(h.logs.slice(before).join('').split('\n')[0]!) as Record<string, unknown> };
  };

  // Issue #19 item 5: an anonymous probe must not raise the alarm that means "Stripe is being refused".
  it('an unsigned POST declaring Content-Length 5242880 gets 413 and is logged as anonymous (signed: false)', async () => {
    const { res, line } = await logged({ headers: { ...jsonHeaders(), 'content-length': '5242880' }, body: Buffer.alloc(16) });
    expect(res.status).toBe(413);
    expect(line).toMatchObject({ code: 'payload_too_large', status: 413, signed: false });
  });

  it('anonymous refusals (no header, or one that does not parse) are signed: false, whatever their code', async () => {
    const event = snapshotEventBody();
    const cases: Array<[RawRequest, string]> = [
      [{ headers: { 'content-type': 'text/plain' }, body: event }, 'unsupported_media_type'],
      [{ headers: { 'content-type': 'text/plain', 'stripe-signature': 'garbage' }, body: event }, 'unsupported_media_type'],
      [{ headers: jsonHeaders('t=yesterday,v1=00'), body: Buffer.alloc(LIMIT + 1, 0x20) }, 'payload_too_large'],
      [{ headers: jsonHeaders(), body: event }, 'missing_signature'],
    ];
    for (const [request, code] of cases) {
      const { line } = await logged(request);
      expect(line).toMatchObject({ code, signed: false });
    }
  });

  it('a request with a parseable Stripe-Signature is signed: true when refused before its signature is checked', async () => {
    const header = `t=${NOW_S},v1=${'0'.repeat(64)}`;
    const { line } = await logged({ headers: { ...jsonHeaders(header), 'content-length': String(LIMIT + 1) }, body: Buffer.alloc(16) });
    expect(line).toMatchObject({ code: 'payload_too_large', status: 413, signed: true });
  });
});
