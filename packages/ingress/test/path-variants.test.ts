// Issue #11 item 4: the webhook URL's variants (trailing slash, other case, query string) are the webhook
// route, with the same log line and the same requests metric as the exact URL; they are never stored
// without a trace. Paths that are not variants of a route are 404.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { parseArchiveLine } from '@event-lake/lake-format';
import { startHarness, type Harness } from './harness.js';
import { jsonHeaders, send } from './http-client.js';
import { SECRET_A, SECRET_OTHER, signatureHeader, snapshotEventBody } from '@event-lake/test-kit';

const storedCount = async (h: Harness) => {
  const text = await h.registry.metrics();
  return Number(/ingress_webhook_requests_total\{outcome="stored",code="none"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('webhook path variants', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.close(); });

  it.each(['/webhook/stripe/', '/WEBHOOK/stripe', '/Webhook/Stripe/', '/webhook/stripe?x=1'])(
    'POST %s is stored with an access log line and counted in ingress_webhook_requests_total',
    async (path) => {
      const body = snapshotEventBody();
      const id = (JSON.parse(body) as { id: string }).id;
      const before = await storedCount(h);
      const res = await send(h.url, { path, headers: { ...jsonHeaders(signatureHeader(body, SECRET_A)), 'x-request-id': `req-${id}` }, body });
      expect(res.status).toBe(200);
      expect(h.fake.storedLines().map((l) => parseArchiveLine(l).id)).toContain(id);
      expect(await storedCount(h)).toBe(before + 1);
      const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['reqId'] === `req-${id}`);
      expect(line).toMatchObject({ msg: 'event stored', path: '/webhook/stripe', status: 200, eventId: id });
    },
  );

  it('a refused POST to a variant is logged and counted like one to the exact URL', async () => {
    const body = snapshotEventBody();
    const res = await send(h.url, { path: '/WEBHOOK/stripe/', headers: { ...jsonHeaders(signatureHeader(body, SECRET_OTHER)), 'x-request-id': 'req-variant-bad' }, body });
    expect(res.json?.error?.code).toBe('signature_mismatch');
    expect(await h.registry.metrics()).toMatch(/ingress_webhook_requests_total\{outcome="rejected",code="signature_mismatch"\} 1/);
    expect(h.logs.join('')).toMatch(/"reqId":"req-variant-bad".*"path":"\/webhook\/stripe".*"code":"signature_mismatch"/);
  });

  it.each(['/webhook/stripe//', '/webhook//stripe', '/webhook/stripe.json', '/webhook/stripe%2F'])('POST %s is 404 and stores nothing', async (path) => {
    const calls = h.fake.calls.length;
    const body = snapshotEventBody();
    const res = await send(h.url, { path, headers: jsonHeaders(signatureHeader(body, SECRET_A)), body });
    expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: 404, code: 'not_found' });
    expect(h.fake.calls.length).toBe(calls);
  });
});
