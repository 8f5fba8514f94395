// The CLI's behaviour through runCli with the fake Events API over HTTP and in-memory seams for the lake
// and the writer: exit codes, output, refusals, and what gets written.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { parseArchiveLine } from '@event-lake/lake-format';
import { runCli, type CliDeps } from '../src/cli.js';
import { createStripeClient } from '../src/stripe-client.js';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';
import { API_KEY, DAY, instantRateLimit, startFake, type RunningFake } from './helpers.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const now = NOW.getTime() / 1000;
// All older than the default window's end (now minus the buffer interval and margin, 10 minutes).
const events = fakeSnapshotEvents({ count: 300, from: now - 3 * DAY + 60, to: now - 3600, seed: 11, undeliveredShare: 0.05 });
const allIds = events.map((e) => e.event.id);

interface Harness {
  readonly lakeIds: Set<string>;
  readonly written: string[][];
  readonly queries: string[];
  writerFails: boolean;
  /** When false, written lines reach the lake only at the next sleep (like a Firehose buffer). */
  deliverAtOnce: boolean;
  readonly sleeps: number[];
  readonly deps: CliDeps;
}

/** In-memory lake and writer: the writer "delivers" at once, as if Firehose flushed immediately. */
function harness(): Harness {
  const lakeIds = new Set<string>();
  const written: string[][] = [];
  const queries: string[] = [];
  const sleeps: number[] = [];
  let buffered: string[] = [];
  const deliver = (lines: readonly string[]) => lines.forEach((l) => lakeIds.add(parseArchiveLine(l).id));
  const h: Harness = {
    lakeIds,
    written,
    queries,
    writerFails: false,
    deliverAtOnce: true,
    sleeps,
    deps: {
      now: () => NOW,
      cwd: '/tmp',
      createStripe: (config) => createStripeClient({ apiKey: config.stripeApiKey, apiBase: config.stripeApiBase, maxNetworkRetries: 1 }),
      openLake: async () => ({
        runSql: async (sql) => {
          queries.push(sql);
          return { rows: [...lakeIds].map((id) => ({ id, complete: 1 })) };
        },
        close: async () => {},
      }),
      openWriter: async () => ({
        writer: {
          write: async (lines) => {
            if (h.writerFails) throw new Error('ServiceUnavailableException after retries');
            written.push([...lines]);
            if (h.deliverAtOnce) deliver(lines);
            else buffered.push(...lines);
          },
        },
        close: async () => {},
      }),
      rateLimit: instantRateLimit(),
      sleep: async (ms) => {
        sleeps.push(ms);
        deliver(buffered);
        buffered = [];
      },
    },
  };
  return h;
}

async function run(h: Harness, env: Record<string, string>, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, env, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stderrIsTTY: false,
  }, h.deps);
  return { code, stdout, stderr };
}

describe('audit-lake and backfill (runCli)', () => {
  let f: RunningFake;
  let env: Record<string, string>;
  let h: Harness;

  beforeAll(async () => {
    f = await startFake(events);
    env = { STRIPE_API_KEY: API_KEY, STRIPE_API_BASE: f.url, AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:4573' };
  });
  afterAll(async () => {
    await f.fake.close();
  });
  beforeEach(() => {
    f.fake.clearFaults();
    h = harness();
  });

  it('exits 0 when the lake already has everything', async () => {
    allIds.forEach((id) => h.lakeIds.add(id));
    const r = await run(h, env, 'audit');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^total\s+300\s+300\s+0\s+0$/m);
    expect(r.stdout).toMatch(/Complete: the lake holds all 300 events/);
  });

  it('reports an empty window as complete without querying the lake', async () => {
    const r = await run(h, env, 'audit', '--since', '2026-11-01', '--until', '2026-11-02', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: true, counts: { stripe: 0, lake: 0, missing: 0 }, missing: [] });
    expect(h.queries).toEqual([]);
  });

  it('lists the missing events of different types with per-type counts and exits 1', async () => {
    const missing = [events[3]!, events[100]!, events[200]!, events[299]!].map((e) => e.event);
    allIds.forEach((id) => h.lakeIds.add(id));
    missing.forEach((e) => h.lakeIds.delete(e.id));
    const r = await run(h, env, 'audit', '--format', 'json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { missing: { id: string; type: string }[]; byType: { type: string; missing: number }[] };
    expect(doc.missing.map((m) => m.id).sort()).toEqual(missing.map((e) => e.id).sort());
    expect(doc.missing.map((m) => m.type)).toEqual(missing.map((e) => e.type));
    expect(doc.byType.reduce((n, t) => n + t.missing, 0)).toBe(4);
    expect(new Set(missing.map((e) => e.type)).size).toBeGreaterThan(1);
  });

  it('backfill is a dry run by default and writes nothing', async () => {
    allIds.slice(5).forEach((id) => h.lakeIds.add(id));
    const r = await run(h, env, 'backfill');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Dry run: would write the 5 missing events above/);
    expect(h.written).toEqual([]);
  });

  it('backfill --apply writes the missing events once, and a second run writes nothing', async () => {
    allIds.slice(5).forEach((id) => h.lakeIds.add(id));
    f.fake.injectFault({ status: 429, count: 1, pathPrefix: '/v1/events/evt_' }); // a retrieve is rate limited
    const first = await run(h, env, 'backfill', '--apply');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Wrote 5 events \(5 lines, \d+ bytes\)/);
    const records = h.written.flat().map(parseArchiveLine);
    expect(records.map((r) => r.id).sort()).toEqual(allIds.slice(0, 5).sort());
    expect(records.every((r) => r.source === 'backfill' && r.signature === null)).toBe(true);
    expect(f.fake.requests.some((q) => q.status === 429)).toBe(true);

    const second = await run(h, env, 'backfill', '--apply');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Nothing to backfill/);
    expect(h.written.flat()).toHaveLength(5);
  });

  it('--wait checks the lake until Firehose has delivered what was written', async () => {
    allIds.slice(3).forEach((id) => h.lakeIds.add(id));
    h.deliverAtOnce = false;
    const r = await run(h, env, 'backfill', '--apply', '--wait', '600');
    expect(r.code).toBe(0);
    expect(h.sleeps).toEqual([15_000]);
    expect(r.stdout).toMatch(/Delivered: all 3 are visible in the lake/);
    expect(r.stderr).toMatch(/Waiting for Firehose to deliver: 3\/3 visible/);
  });

  it('--wait exits 1 when the written events are still not visible when it gives up', async () => {
    allIds.slice(3).forEach((id) => h.lakeIds.add(id));
    h.deliverAtOnce = false;
    // A sleep that delivers nothing: the buffered lines never reach the lake.
    const deps = { ...h.deps, sleep: async (ms: number) => { h.sleeps.push(ms); } };
    let stdout = '';
    const code = await runCli(['backfill', '--apply', '--wait', '20', '--format', 'json'], env, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stderrIsTTY: false,
    }, deps);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).backfill.delivery).toMatchObject({ visibleInLake: 0, written: 3 });
  });

  it('--undelivered-only asks Stripe for delivery_success=false', async () => {
    const r = await run(h, env, 'audit', '--undelivered-only', '--format', 'json');
    const undelivered = events.filter((e) => !e.deliverySuccess).length;
    expect(undelivered).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout).counts.stripe).toBe(undelivered);
    expect(f.fake.requests.at(-1)?.query.get('delivery_success')).toBe('false');
  });

  it('ends the default window before what Firehose may still buffer, and counts the events after it', async () => {
    allIds.forEach((id) => h.lakeIds.add(id));
    const recent = fakeSnapshotEvents({ count: 7, from: now - 500, to: now - 10, seed: 12 });
    const own = await startFake([...events, ...recent]);
    try {
      const ownEnv = { ...env, STRIPE_API_BASE: own.url, FIREHOSE_BUFFER_INTERVAL_SECONDS: '60' };
      const r = await run(h, ownEnv, 'audit', '--format', 'json');
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      // 60 s buffer interval + 300 s margin: the window ends 6 minutes ago; 2 of the recent events are older (one is exactly at the end: after it).
      expect(doc.window.until).toBe('2026-11-22T11:54:00.000Z');
      const older = recent.filter((e) => e.event.created < now - 360).length;
      expect(older).toBe(2);
      expect(doc.counts).toEqual({ stripe: 300 + older, lake: 300, missing: older, incomplete: 0 });
      expect(doc.v1.afterWindow).toBe(recent.length - older);
      expect(doc.afterWindow.events).toBe(recent.length - older);
      expect(r.stderr).not.toMatch(/warning/);
      const text = await run(h, ownEnv, 'audit');
      expect(text.stdout).toMatch(/After the window: 5 listed events \(v1 5, v2 0\) were created between 2026-11-22T11:54:00.000Z and 2026-11-22T12:00:00.000Z/);
    } finally {
      await own.fake.close();
    }
  });

  it('warns when an explicit --until reaches into what Firehose may still buffer', async () => {
    allIds.forEach((id) => h.lakeIds.add(id));
    const r = await run(h, env, 'audit', '--until', '2026-11-22T11:55:00Z');
    expect(r.stderr).toMatch(/warning: --until 2026-11-22T11:55:00.000Z is less than 600 s ago \(Firehose buffer interval 300 s, FIREHOSE_BUFFER_INTERVAL_SECONDS, plus a margin\): recent events may still be buffered/);
    const settled = await run(h, env, 'audit', '--until', '2026-11-22T11:00:00Z');
    expect(settled.stderr).not.toMatch(/warning/);
  });

  it('refuses a bad FIREHOSE_BUFFER_INTERVAL_SECONDS with exit 2', async () => {
    const r = await run(h, { ...env, FIREHOSE_BUFFER_INTERVAL_SECONDS: '901' }, 'audit');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FIREHOSE_BUFFER_INTERVAL_SECONDS must be a whole number of seconds from 0 to 900, got "901"/);
  });

  it('sends each --type to the API that knows it: thin types to /v2/core/events, the others to /v1/events', async () => {
    allIds.forEach((id) => h.lakeIds.add(id));
    const start = f.fake.requests.length;
    const snapshotOnly = await run(h, env, 'audit', '--type', 'charge.succeeded');
    expect(snapshotOnly.code).toBe(0);
    expect(snapshotOnly.stdout).toMatch(/Thin events \(v2, GET \/v2\/core\/events\)\n  not listed: no --type of this kind/);
    const afterSnapshot = f.fake.requests.slice(start);
    expect(afterSnapshot.every((r) => r.path === '/v1/events')).toBe(true);
    expect(afterSnapshot[0]!.query.get('types[0]')).toBe('charge.succeeded');

    const mid = f.fake.requests.length;
    const thinOnly = await run(h, env, 'audit', '--type', 'v1.billing.meter.no_meter_found', '--format', 'json');
    expect(thinOnly.code).toBe(0);
    expect(JSON.parse(thinOnly.stdout).v1).toBeNull();
    const afterThin = f.fake.requests.slice(mid);
    expect(afterThin.map((r) => r.path)).toEqual(['/v2/core/events']);
    expect(afterThin[0]!.query.get('types[0]')).toBe('v1.billing.meter.no_meter_found');
  });

  it('refuses a window of more than 30 days with exit 2 and a clear message', async () => {
    const r = await run(h, env, 'audit', '--days', '45');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--days 45 is more than 30: Stripe's Events API only lists the last 30 days/);
  });

  it('refuses to start without STRIPE_API_KEY', async () => {
    const r = await run(h, { STRIPE_API_BASE: f.url }, 'audit');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STRIPE_API_KEY is required/);
  });

  it('never prints the API key, even when Stripe rejects it', async () => {
    const secretKey = 'rk_test_doNotPrintThisKey123';
    const r = await run(h, { ...env, STRIPE_API_KEY: secretKey }, 'audit');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Stripe's Events API failed/);
    expect(r.stdout + r.stderr).not.toContain('doNotPrintThisKey');
  });

  it('exits 3 when Stripe keeps failing', async () => {
    f.fake.injectFault({ status: 500, count: 5, pathPrefix: '/v1/events' });
    const r = await run(h, env, 'audit');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Stripe's Events API failed: .*\(HTTP 500\)/);
  });

  it('exits 3 and says what was written when the delivery stream fails', async () => {
    allIds.slice(5).forEach((id) => h.lakeIds.add(id));
    h.writerFails = true;
    const r = await run(h, env, 'backfill', '--apply');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/did not acknowledge 5 events .*0 were acknowledged before; run the backfill again/);
  });

  it('refuses --apply when the delivery stream is not configured, before paging', async () => {
    const r = await run(h, { STRIPE_API_KEY: API_KEY, STRIPE_API_BASE: f.url }, 'backfill', '--apply');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AWS_REGION is required/);
  });

  it('refuses unknown flags and a bad STRIPE_API_BASE', async () => {
    expect((await run(h, env, 'audit', '--dayz', '3')).code).toBe(2);
    const bad = await run(h, { ...env, STRIPE_API_BASE: 'http://127.0.0.1:12111/v1' }, 'audit');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/STRIPE_API_BASE must not have a path/);
  });
});
