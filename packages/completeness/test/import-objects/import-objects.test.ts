// The parts of import-objects one at a time: the snapshot record, run ids, and the import loop against the
// fake Stripe API with a small in-memory writer (the seam the backfill uses too), for what the scenario
// test cannot provoke: Ctrl-C between pages, the delivery stream failing, an object that is not valid.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArchiveLine, summariseEvent } from '@event-lake/lake-format';
import { createStripeEventsApiFake, fakeObjects, type StripeEventsApiFake } from '@event-lake/stripe-events-api-fake';
import type Stripe from 'stripe';
import { createRealDeps } from '../../src/composition.js';
import { UsageError } from '@event-lake/cli-kit';
import { importObjects, redactKeys, type ImportDeps } from '../../src/import-objects/import-objects.js';
import { resolveTypes } from '../../src/import-objects/object-types.js';
import { listedAtOf, runIdOf } from '../../src/import-objects/run-id.js';
import { runImportObjects } from '../../src/import-objects/run.js';
import { snapshotDeliveryId, snapshotEvent, snapshotLines, type SnapshotRun } from '../../src/import-objects/snapshot-record.js';
import { createStripeClient } from '../../src/stripe-client.js';
import { API_KEY, instantRateLimit } from '../helpers.js';

const RUN: SnapshotRun = { runId: '20261207T183000Z', listedAt: new Date('2026-12-07T18:30:00Z'), apiVersion: '2026-10-28.endive', livemode: true };

describe('snapshot record', () => {
  it('wraps the object as a <type>.snapshot event dated by the run, with account only for connected accounts', () => {
    const refund = { id: 're_1', object: 'refund', amount: 500, created: 1_700_000_000 };
    const event = snapshotEvent(refund, RUN, null);
    expect(event).toEqual({
      id: 'evt_snapshot_20261207T183000Z_re_1', object: 'event', api_version: '2026-10-28.endive', created: Date.parse('2026-12-07T18:30:00Z') / 1000,
      data: { object: refund }, livemode: true, pending_webhooks: 0, request: { id: null, idempotency_key: null }, type: 'refund.snapshot',
    });
    expect(summariseEvent(event)).toMatchObject({ type: 'refund.snapshot', account: null, livemode: true, created: '2026-12-07T18:30:00.000Z' });
    const theirs = snapshotEvent({ id: 'cus_1', object: 'customer', livemode: false }, RUN, 'acct_1X');
    expect(theirs['account']).toBe('acct_1X');
    expect(theirs['livemode']).toBe(false); // the object's own livemode wins over the key's
  });

  it('derives one delivery id per run, account and object', () => {
    const a = snapshotDeliveryId(RUN.runId, null, 'cus_1');
    expect(snapshotDeliveryId(RUN.runId, null, 'cus_1')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(snapshotDeliveryId('20261208T000000Z', null, 'cus_1')).not.toBe(a);
    expect(snapshotDeliveryId(RUN.runId, 'acct_1X', 'cus_1')).not.toBe(a);
    const [line] = snapshotLines({ id: 'cus_1', object: 'customer' }, RUN, null, new Date('2026-12-07T18:31:00Z'));
    expect(parseArchiveLine(line!)).toMatchObject({ source: 'snapshot', delivery_id: a, signature: null, received_at: '2026-12-07T18:31:00.000Z' });
  });
});

describe('run ids and types', () => {
  it('names the listing second and reads it back; refuses a malformed or future one naming --run-id', () => {
    const at = new Date('2026-12-07T18:30:05.678Z');
    expect(runIdOf(at)).toBe('20261207T183005Z');
    expect(listedAtOf('20261207T183005Z', at).toISOString()).toBe('2026-12-07T18:30:05.000Z');
    expect(() => listedAtOf('2026-12-07', at)).toThrow(UsageError);
    expect(() => listedAtOf('20261332T000000Z', at)).toThrow(/--run-id must be a run id/);
    expect(() => listedAtOf('20261208T000000Z', at)).toThrow(/--run-id 20261208T000000Z is in the future/);
  });

  it('keeps the order of --types, drops repeats and names an unknown type', () => {
    expect(resolveTypes(['price', 'customer', 'price']).map((t) => t.type)).toEqual(['price', 'customer']);
    expect(() => resolveTypes(['customers'])).toThrow(/unknown object type "customers"/);
  });

  it('redacts keys, masked or not, from any text', () => {
    expect(redactKeys("The provided key 'rk_live_********abcd' and sk_test_123abc")).toBe("The provided key '[redacted API key]' and [redacted API key]");
  });
});

describe('the import loop', () => {
  const from = 1_790_000_000;
  const objects = fakeObjects({ customers: 250, coupons: 4, from, to: from + 1000, seed: 9 });
  let fake: StripeEventsApiFake;
  let stripe: Stripe;
  let url: string;

  beforeAll(async () => {
    fake = createStripeEventsApiFake({ apiKey: API_KEY, objects });
    url = (await fake.listen(0)).url;
    stripe = createStripeClient({ apiKey: API_KEY, apiBase: new URL(url), maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const memoryWriter = (failOnCall?: number) => {
    const lines: string[] = [];
    let calls = 0;
    return {
      lines,
      write: async (batch: readonly string[]) => {
        calls += 1;
        if (calls === failOnCall) throw new Error('Firehose did not acknowledge within the deadline');
        lines.push(...batch);
      },
    };
  };
  const deps = (over: Partial<ImportDeps>): ImportDeps => ({ stripe, now: () => new Date(), rateLimit: instantRateLimit(), ...over });
  const plan = { run: RUN, accounts: [null], types: resolveTypes(['customer', 'coupon']) };

  it('Ctrl-C between pages: no further page is asked for, and what was listed before is written and counted', async () => {
    const stop = new AbortController();
    const writer = memoryWriter();
    const before = fake.requests.length;
    const outcome = await importObjects(deps({
      writer, signal: stop.signal,
      onProgress: (r) => { if (r.pages === 2) stop.abort(); },
    }), plan);
    expect(outcome.interrupted).toBe(true);
    expect(outcome.results).toHaveLength(1);
    const [customers] = outcome.results;
    expect(customers).toMatchObject({ type: 'customer', listed: 200, pages: 2, complete: false });
    expect(fake.requests.length - before).toBe(2);
    expect(customers!.written).toBe(customers!.listed);
    expect(writer.lines).toHaveLength(customers!.listed);
  });

  it('the delivery stream failing stops the run and counts the unacknowledged objects as failed', async () => {
    const writer = memoryWriter(1);
    const outcome = await importObjects(deps({ writer }), plan);
    expect(outcome.writeFailure).toMatch(/^customer: the delivery stream did not acknowledge a write: Firehose did not acknowledge/);
    expect(outcome.results).toHaveLength(1); // coupons were not attempted
    expect(outcome.results[0]!.failed).toBeGreaterThan(0);
    expect(outcome.results[0]!.written + outcome.results[0]!.failed).toBe(outcome.results[0]!.listed);
  });

  it('an object that cannot make a valid event is counted as failed, the rest written', async () => {
    const bad = createStripeEventsApiFake({ apiKey: API_KEY, objects: [{ id: 'cus bad/id', object: 'customer', created: from }, ...objects] });
    const badUrl = (await bad.listen(0)).url;
    try {
      const writer = memoryWriter();
      const outcome = await importObjects(deps({ writer, stripe: createStripeClient({ apiKey: API_KEY, apiBase: new URL(badUrl), maxNetworkRetries: 0 }) }), plan);
      expect(outcome.results[0]).toMatchObject({ listed: 251, written: 250, failed: 1, complete: true });
      expect(outcome.results[0]!.error).toMatch(/^cus bad\/id: not a valid object/);
    } finally {
      await bad.close();
    }
  });

  it('runImportObjects: Ctrl-C during a dry run exits 130 and prints the run id to resume with', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'import-objects-unit-'));
    try {
      await mkdir(path.join(tmp, 'lake'));
      const stop = new AbortController();
      let stdout = '';
      let stderr = '';
      const code = await runImportObjects(['--types', 'customer,coupon'], { STRIPE_API_KEY: API_KEY, STRIPE_API_BASE: url, INIT_CWD: tmp }, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => { stderr += s; if (s.startsWith('customer (platform)')) stop.abort(); } },
        stderrIsTTY: false,
      }, { ...createRealDeps({ cwd: tmp }), rateLimit: instantRateLimit(), signal: stop.signal });
      expect(code).toBe(130);
      expect(stdout).toMatch(/^Stopped by Ctrl-C\. Rerun with --run-id \d{8}T\d{6}Z to finish this run/m);
      expect(stdout).toMatch(/^platform\s+customer\s+\d+\s+-\s+0\s+stopped$/m);
      expect(stdout).not.toMatch(/coupon/);
      expect(stderr).toMatch(/^customer \(platform\): \d+ listed, \d+ pages, stopped$/m);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
