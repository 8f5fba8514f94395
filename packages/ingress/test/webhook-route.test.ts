import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { parseArchiveLine, rawBodyOf, ARCHIVE_SCHEMA_VERSION, type ArchiveRecord } from '@event-lake/lake-format';
import { verifyStripeSignature } from '../src/stripe-signature.js';
import { startHarness, type Harness } from './harness.js';
import { hostileRequests } from './hostile-requests.js';
import { jsonHeaders, send } from './http-client.js';
import { NOW_MS, NOW_S, SECRET_A, SECRET_B, signatureHeader, snapshotEventBody, thinEventBody, v1Signature, SECRET_OTHER } from '@event-lake/test-kit';

const LIMIT = 64 * 1024;

function storedDeliveries(h: Harness): Map<string, ArchiveRecord[]> {
  const byDelivery = new Map<string, ArchiveRecord[]>();
  for (const line of h.fake.storedLines()) {
    const record = parseArchiveLine(line);
    byDelivery.set(record.delivery_id, [...(byDelivery.get(record.delivery_id) ?? []), record]);
  }
  return byDelivery;
}

describe('POST /webhook/stripe: rejections', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ bodyLimitBytes: LIMIT }); });
  afterAll(async () => { await h.close(); });

  const cases = hostileRequests(NOW_S, LIMIT);

  it('has at least 25 distinct hostile cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await send(h.url, c.request);
    expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: c.status, code: c.code });
    expect(typeof res.json?.error?.message).toBe('string');
  });

  it('stored nothing and never called Firehose for any of them', () => {
    expect(h.fake.calls).toHaveLength(0);
  });

  it('counted verification failures by reason', async () => {
    const text = await h.registry.metrics();
    expect(text).toMatch(/ingress_signature_verification_failures_total\{reason="signature_mismatch"\} [1-9]/);
    expect(text).toMatch(/ingress_webhook_requests_total\{outcome="rejected",code="timestamp_in_future"\} 1/);
  });

  it('never logged a secret, a signature or a body', () => {
    const all = h.logs.join('');
    expect(all).toContain('request refused');
    expect(all).not.toContain(SECRET_A.slice(6));
    expect(all).not.toContain('"amount"');
    expect(all).not.toMatch(/v1=[0-9a-f]{16}/);
  });
});

describe('POST /webhook/stripe: accepted events', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ bodyLimitBytes: 4 * 1024 * 1024, maxInFlightBytes: 64 * 1024 * 1024 }); });
  afterAll(async () => { await h.close(); });

  const post = (body: string | Buffer, header: string, extra: Record<string, string> = {}) =>
    send(h.url, { headers: { ...jsonHeaders(header), ...extra }, body });

  it('stores a snapshot event and answers 200 with its id', async () => {
    const body = snapshotEventBody();
    const res = await post(body, signatureHeader(body, SECRET_A), { 'x-request-id': 'req-123' });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-123');
    const id = (JSON.parse(body) as { id: string }).id;
    expect(res.json).toEqual({ received: true, id });
    const [record] = [...storedDeliveries(h).values()].find((parts) => parts[0]!.id === id)!;
    expect(record).toMatchObject({
      schema_version: ARCHIVE_SCHEMA_VERSION, source: 'webhook', id, type: 'payment_intent.succeeded', object: 'event',
      livemode: false, api_version: '2025-09-30.clover', account: null, received_at: new Date(NOW_MS).toISOString(),
      signature: signatureHeader(body, SECRET_A), body_part: 0, body_parts: 1,
    });
    expect(h.logs.join('')).toMatch(new RegExp(`"reqId":"req-123".*"eventId":"${id}".*"eventType":"payment_intent.succeeded"`));
  });

  // Variants of the webhook path (query string, trailing slash, case) reach the same handler through the route table.
  it.each(['/webhook/stripe?via=router', '/webhook/stripe/', '/Webhook/Stripe'])('stores an event posted to %s as well', async (path) => {
    const body = snapshotEventBody();
    const res = await send(h.url, { path, headers: { ...jsonHeaders(signatureHeader(body, SECRET_A)), 'x-request-id': 'req-router' }, body });
    const id = (JSON.parse(body) as { id: string }).id;
    expect({ status: res.status, json: res.json, reqId: res.headers['x-request-id'] }).toEqual({ status: 200, json: { received: true, id }, reqId: 'req-router' });
    expect([...storedDeliveries(h).values()].some((parts) => parts[0]!.id === id)).toBe(true);
  });

  it('answers errors alike on the exact path and on a variant of it', async () => {
    const body = snapshotEventBody();
    const bad = { headers: jsonHeaders(signatureHeader(body, SECRET_OTHER)), body };
    const fast = await send(h.url, bad);
    const routed = await send(h.url, { ...bad, path: '/webhook/stripe?via=router' });
    expect(fast.status).toBe(400);
    expect({ status: routed.status, json: routed.json, type: routed.headers['content-type'] })
      .toEqual({ status: fast.status, json: fast.json, type: fast.headers['content-type'] });
  });

  it('stores a thin event', async () => {
    const body = thinEventBody();
    expect((await post(body, signatureHeader(body, SECRET_A))).status).toBe(200);
  });

  it('accepts the second of two configured secrets, and a header with two v1 of which one is valid', async () => {
    const a = snapshotEventBody();
    expect((await post(a, signatureHeader(a, SECRET_B))).status).toBe(200);
    const b = snapshotEventBody();
    const header = `t=${NOW_S},v1=${v1Signature(b, SECRET_OTHER, NOW_S)},v1=${v1Signature(b, SECRET_A, NOW_S)},v0=abc`;
    expect((await post(b, header)).status).toBe(200);
  });

  const tricky: Array<[string, string]> = [
    ['unicode, emoji and combining marks', snapshotEventBody({ description: 'Zoë 😀 e\u0301 日本語 \u{10FFFF}' })],
    ['U+2028 and U+2029 raw in strings', snapshotEventBody({ description: 'a\u2028b\u2029c' })],
    ['JSON escapes kept as escapes', '{\n  "id": "evt_esc",\n  "object": "event",\n  "type": "x.y",\n  "livemode": false,\n  "created": 1700000000,\n  "data": {"s": "\\u0000\\t\\n\\"\\\\\\/\\ud83d\\ude00\\u2028"}\n}'],
    ['CRLF line endings and trailing spaces', snapshotEventBody().replace(/\n/g, '\r\n') + '  \r\n'],
    ['control characters escaped in JSON', snapshotEventBody({ description: '\u0001\u001f\u007f' })],
    ['compact JSON on one line', JSON.stringify(JSON.parse(snapshotEventBody()))],
  ];

  it.each(tricky)('reproduces the raw bytes of %s, and the signature still verifies', async (_name, body) => {
    const header = signatureHeader(body, SECRET_A);
    const res = await post(body, header);
    expect(res.status).toBe(200);
    const id = res.json?.['id'];
    const parts = [...storedDeliveries(h).values()].find((p) => p[0]!.id === id)!;
    expect(rawBodyOf(parts).equals(Buffer.from(body, 'utf8'))).toBe(true);
    const text = rawBodyOf(parts).toString('utf8');
    expect(verifyStripeSignature(text, parts[0]!.signature!, { secrets: [SECRET_A], toleranceSeconds: 300, now: NOW_MS }).secretIndex).toBe(0);
  });

  it('stores an event too large for one Firehose record as parts, and reproduces it', async () => {
    const body = snapshotEventBody({ description: '"\u2028é😀\\'.repeat(200_000) }); // ~2.4 MB raw, more escaped
    expect(Buffer.byteLength(body)).toBeGreaterThan(2_000_000);
    const res = await post(body, signatureHeader(body, SECRET_A));
    expect(res.status).toBe(200);
    const parts = [...storedDeliveries(h).values()].find((p) => p[0]!.id === res.json?.['id'])!;
    expect(parts.length).toBeGreaterThan(2);
    expect(rawBodyOf(parts).equals(Buffer.from(body, 'utf8'))).toBe(true);
  });
});

describe('POST /webhook/stripe: storage trouble', () => {
  it('answers 503 with Retry-After when Firehose does not acknowledge before the deadline', async () => {
    const h = await startHarness({ requestDeadlineMs: 200 });
    try {
      h.fake.plan = () => [{ index: 0, code: 'ServiceUnavailableException' }];
      const body = snapshotEventBody();
      const res = await send(h.url, { headers: jsonHeaders(signatureHeader(body, SECRET_A)), body });
      expect(res.status).toBe(503);
      expect(res.json?.error?.code).toBe('storage_timeout');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(h.fake.stored).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('answers 503 overloaded at once when in-flight bytes are at their bound', async () => {
    // The body (5,800 bytes) fits the budget; its escaped archive line does not.
    const h = await startHarness({ maxInFlightBytes: 6000, bodyLimitBytes: 64 * 1024 });
    try {
      const body = snapshotEventBody({}, 5800);
      const res = await send(h.url, { headers: jsonHeaders(signatureHeader(body, SECRET_A)), body });
      expect(res.status).toBe(503);
      expect(res.json?.error?.code).toBe('overloaded');
      expect(res.headers['retry-after']).toBe('1');
      expect(h.fake.calls).toHaveLength(0);
      expect(await h.registry.metrics()).toMatch(/ingress_shed_requests_total\{stage="firehose"\} 1/);
    } finally {
      await h.close();
    }
  });
});

describe('unexpected errors', () => {
  it('answer 500 internal_error without details, and log the stack with the request id', async () => {
    const h = await startHarness({
      wrapWriter: (w) => ({ ...w, write: () => Promise.reject(new TypeError('boom: internal detail')) }),
    });
    try {
      const body = snapshotEventBody();
      const res = await send(h.url, { headers: { ...jsonHeaders(signatureHeader(body, SECRET_A)), 'x-request-id': 'req-500' }, body });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: { code: 'internal_error', message: 'internal error' } });
      const logged = h.logs.join('');
      expect(logged).toMatch(/"reqId":"req-500".*"stack":"TypeError: boom: internal detail/);
    } finally {
      await h.close();
    }
  });
});

describe('health, readiness and metrics', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ now: Date.now }); });
  afterAll(async () => { await h.close(); });

  it('GET /health is 200', async () => {
    expect((await send(h.url, { method: 'GET', path: '/health' })).json).toEqual({ status: 'ok' });
  });

  it('GET /ready is 200 only while the stream is ACTIVE', async () => {
    expect((await send(h.url, { method: 'GET', path: '/ready' })).status).toBe(200);
  });

  it('GET /metrics serves Prometheus text with the ingress series', async () => {
    const res = await send(h.url, { method: 'GET', path: '/metrics' });
    expect(res.status).toBe(200);
    for (const name of ['ingress_webhook_requests_total', 'ingress_signature_verification_failures_total', 'ingress_firehose_call_duration_seconds',
      'ingress_firehose_records_per_call', 'ingress_firehose_events_per_call', 'ingress_firehose_record_retries_total', 'ingress_in_flight_bytes', 'ingress_shed_requests_total']) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
  });
});

describe('GET /ready when the stream is not active', () => {
  it('answers 503 stream_not_ready', async () => {
    const h = await startHarness();
    try {
      h.fake.status = 'CREATING';
      const res = await send(h.url, { method: 'GET', path: '/ready' });
      expect(res.status).toBe(503);
      expect(res.json?.error?.code).toBe('stream_not_ready');
    } finally {
      await h.close();
    }
  });
});
