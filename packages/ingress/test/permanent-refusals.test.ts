// The permanent-refusal alarm (infra/lib/monitoring.ts) counts access-log lines by their `code` field, for
// the codes of PERMANENT_REFUSAL_CODES. These tests keep that list true: every code in it is what the
// ingress answers and logs for a real case, and every case answered with a permanent 4xx is in it.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { PERMANENT_REFUSAL_CODES } from '../src/errors.js';
import { startHarness, type Harness } from './harness.js';
import { hostileRequests } from './hostile-requests.js';
import { send } from './http-client.js';
import { NOW_S } from './stripe-signer.js';

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
    expect(lines).toContainEqual(expect.objectContaining({ code: c.code, status: c.status, msg: 'request refused' }));
  });
});
