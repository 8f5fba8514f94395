// GET /ready and GET /metrics (issue #11 item 5): one DescribeDeliveryStream in flight at a time however
// many probes arrive, and INGRESS_OPS_ENDPOINTS=off hides both like unknown paths while /health stays.
import { describe, it, expect } from '@jest/globals';
import type { FirehoseWriter } from '@event-lake/firehose-writer';
import { loadConfig } from '../src/config.js';
import { startHarness } from './harness.js';
import { send } from './http-client.js';
import { SECRET_A } from '@event-lake/test-kit';

/** Counts describe calls and holds each one until `release` is called. */
function gatedDescribe(writer: FirehoseWriter) {
  let calls = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const wrapped: FirehoseWriter = {
    ...writer,
    describe: async (signal) => {
      calls += 1;
      await gate;
      return writer.describe(signal);
    },
  };
  return { wrapped, calls: () => calls, release: () => release() };
}

describe('GET /ready', () => {
  it('makes one DescribeDeliveryStream call for 50 concurrent probes with a stale answer, and answers them all', async () => {
    let gated: ReturnType<typeof gatedDescribe> | undefined;
    const h = await startHarness({ now: Date.now, wrapWriter: (w) => (gated = gatedDescribe(w)).wrapped });
    try {
      const probes = Array.from({ length: 50 }, () => send(h.url, { method: 'GET', path: '/ready' }));
      // Let every probe reach the handler while the one describe is held.
      for (let i = 0; i < 100 && gated!.calls() === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200));
      gated!.release();
      const answers = await Promise.all(probes);
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(gated!.calls()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('asks again once the answer is stale, and a failed describe is not cached as in flight', async () => {
    let calls = 0;
    let fail = true;
    const h = await startHarness({
      now: Date.now,
      readyCacheMs: 0,
      wrapWriter: (w) => ({
        ...w,
        describe: async (signal) => {
          calls += 1;
          if (fail) throw Object.assign(new Error('down'), { name: 'ResourceNotFoundException' });
          return w.describe(signal);
        },
      }),
    });
    try {
      const first = await send(h.url, { method: 'GET', path: '/ready' });
      expect({ status: first.status, code: first.json?.error?.code }).toEqual({ status: 503, code: 'stream_not_ready' });
      fail = false;
      await new Promise((r) => setTimeout(r, 5));
      expect((await send(h.url, { method: 'GET', path: '/ready' })).status).toBe(200);
      expect(calls).toBe(2);
    } finally {
      await h.close();
    }
  });
});

describe('INGRESS_OPS_ENDPOINTS', () => {
  it('is on by default, accepts on and off, and names itself when malformed', () => {
    const base = { STRIPE_WEBHOOK_SECRET: SECRET_A, AWS_REGION: 'eu-west-1' };
    expect(loadConfig(base).opsEndpoints).toBe(true);
    expect(loadConfig({ ...base, INGRESS_OPS_ENDPOINTS: 'on' }).opsEndpoints).toBe(true);
    expect(loadConfig({ ...base, INGRESS_OPS_ENDPOINTS: 'OFF' }).opsEndpoints).toBe(false);
    expect(() => loadConfig({ ...base, INGRESS_OPS_ENDPOINTS: 'private' })).toThrow(/^INGRESS_OPS_ENDPOINTS must be one of on, off/);
  });

  it('off: GET /metrics and GET /ready answer 404 not_found like an unknown path; GET /health stays 200', async () => {
    const h = await startHarness({ now: Date.now, opsEndpoints: false });
    try {
      const unknown = await send(h.url, { method: 'GET', path: '/no-such-path' });
      for (const path of ['/metrics', '/ready', '/METRICS', '/ready/']) {
        const res = await send(h.url, { method: 'GET', path });
        expect({ path, status: res.status, json: res.json, type: res.headers['content-type'] })
          .toEqual({ path, status: unknown.status, json: unknown.json, type: unknown.headers['content-type'] });
        expect(res.status).toBe(404);
        expect(res.text).not.toContain('ingress_');
      }
      expect((await send(h.url, { method: 'GET', path: '/health' })).json).toEqual({ status: 'ok' });
    } finally {
      await h.close();
    }
  });

  it('on: both are served', async () => {
    const h = await startHarness({ now: Date.now, opsEndpoints: true });
    try {
      expect((await send(h.url, { method: 'GET', path: '/ready' })).status).toBe(200);
      expect((await send(h.url, { method: 'GET', path: '/metrics' })).text).toContain('# TYPE ingress_webhook_requests_total');
    } finally {
      await h.close();
    }
  });
});
