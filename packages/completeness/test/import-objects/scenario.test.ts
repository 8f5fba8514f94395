// Issue #21's scenario end to end through runImportObjects with the real parts: the fake Stripe API over
// HTTP (stripe-node), the lake read with DuckDB for the key's mode, and snapshots written by the Firehose
// writer through the real AWS SDK into firehose-local. 2,000 customers, 600 subscriptions of which 150
// canceled, products and prices some inactive, invoices, charges and the rest, a connected account with
// its own customers, and 429s and a 500 in the middle of the listings.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine, type ArchiveRecord } from '@event-lake/lake-format';
import { runQuery } from '@event-lake/query';
import { createStripeEventsApiFake, fakeObjects, type FakeStripeObject, type StripeEventsApiFake } from '@event-lake/stripe-events-api-fake';
import { createRealDeps } from '../../src/composition.js';
import { runImportObjects } from '../../src/import-objects/run.js';
import { snapshotDeliveryId } from '../../src/import-objects/snapshot-record.js';
import { instantRateLimit } from '../helpers.js';
import { writeWebhookLake } from '../lake-fixture.js';

// Distinctive, so that any part of it in the output would be found.
const KEY = 'rk_test_importQz7Vw9Kp';
const KEY_TAIL = KEY.slice(-4); // Stripe quotes a key masked to its last four characters
const ACCOUNT = 'acct_1ConnectedShop';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface ImportJson {
  mode: string;
  runId: string;
  listedAt: string;
  types: { account: string | null; type: string; listed: number; written: number; failed: number; complete: boolean; rateLimitWaits: number }[];
  totals: { listed: number; written: number; failed: number };
}

describe('import-objects: the scenario of issue #21', () => {
  const day = 86_400;
  const nowS = Math.floor(Date.now() / 1000);
  const platform = fakeObjects({
    customers: 2000, subscriptions: 600, canceledSubscriptions: 150, products: 30, inactiveProducts: 6, prices: 60, inactivePrices: 15,
    invoices: 400, charges: 500, paymentIntents: 120, refunds: 20, disputes: 5, coupons: 10, payouts: 12,
    from: nowS - 700 * day, to: nowS - day, seed: 21,
  });
  const connected = fakeObjects({ customers: 150, charges: 40, from: nowS - 300 * day, to: nowS - day, seed: 22 });
  const everything = [...platform.map((o) => ({ o, account: null })), ...connected.map((o) => ({ o, account: ACCOUNT }))];
  const outputs: string[] = [];
  let tmp: string;
  let lakeDir: string;
  let fake: StripeEventsApiFake;
  let firehose: FirehoseLocal;
  let env: Record<string, string>;
  let offsetMs = 0;
  const waits: number[] = [];

  const cli = async (argv: string[], extraEnv: Record<string, string | undefined> = {}): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await runImportObjects(argv, { ...env, ...extraEnv }, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stderrIsTTY: false,
    }, { ...createRealDeps({ cwd: tmp, now: () => new Date(Date.now() + offsetMs) }), rateLimit: instantRateLimit(waits) });
    outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  };
  const snapshots = async (): Promise<ArchiveRecord[]> => {
    await firehose.flush();
    return (await readDeliveredLines(lakeDir)).map(parseArchiveLine).filter((r) => r.source === 'snapshot');
  };
  const countOf = (list: readonly FakeStripeObject[], type: string) => list.filter((o) => o.object === type).length;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'import-objects-'));
    lakeDir = path.join(tmp, 'lake');
    await mkdir(lakeDir);
    fake = createStripeEventsApiFake({ apiKey: KEY, objects: platform, accounts: { [ACCOUNT]: connected } });
    const stripeApi = await fake.listen(0);
    firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900 });
    const firehoseApi = await firehose.listen(0);
    env = {
      STRIPE_API_KEY: KEY,
      STRIPE_API_BASE: stripeApi.url,
      LAKE_DIR: 'lake',
      INIT_CWD: tmp,
      AWS_ENDPOINT_URL_FIREHOSE: firehoseApi.url,
      AWS_REGION: 'eu-west-1',
    };
  }, 60_000);

  afterAll(async () => {
    await firehose?.close();
    await fake?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('a dry run prints the fake\'s counts per type and account and writes nothing', async () => {
    const run = await cli(['--account', ACCOUNT, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ImportJson;
    expect(report.mode).toBe('dry-run');
    const listed = Object.fromEntries(report.types.map((t) => [`${t.account ?? ''}/${t.type}`, t.listed]));
    for (const type of ['customer', 'subscription', 'invoice', 'charge', 'payment_intent', 'refund', 'dispute', 'product', 'price', 'coupon', 'payout']) {
      expect(listed[`/${type}`]).toBe(countOf(platform, type));
      expect(listed[`${ACCOUNT}/${type}`]).toBe(countOf(connected, type));
    }
    expect(listed['/subscription']).toBe(600);
    expect(listed['/customer']).toBe(2000);
    expect(report.totals).toEqual({ listed: everything.length, written: 0, failed: 0 });
    expect(run.stderr).toMatch(/^customer \(platform\): 2000 listed, 20 pages, done$/m);
    expect(run.stderr).toMatch(/^subscription \(platform\): 600 listed, 6 pages, done$/m);
    expect(await snapshots()).toEqual([]);
  });

  let firstRun: ImportJson;

  it('--apply writes every object once, through 429s and a 500 in the middle of the listings', async () => {
    fake.injectFault({ status: 429, count: 2, pathPrefix: '/v1/customers', after: 7 });
    fake.injectFault({ status: 500, count: 1, pathPrefix: '/v1/subscriptions', after: 3 });
    const waitsBefore = waits.length;
    const run = await cli(['--apply', '--account', ACCOUNT, '--format', 'json']);
    expect(run.code).toBe(0);
    firstRun = JSON.parse(run.stdout) as ImportJson;
    expect(firstRun.totals).toEqual({ listed: everything.length, written: everything.length, failed: 0 });
    expect(firstRun.types.every((t) => t.complete)).toBe(true);
    expect(waits.length - waitsBefore).toBe(2);
    expect(fake.requests.filter((r) => r.status === 500 && r.path === '/v1/subscriptions')).toHaveLength(1);

    const lines = await snapshots();
    expect(lines).toHaveLength(everything.length);
    const byObject = new Map(lines.map((r) => [(JSON.parse(r.body) as { data: { object: FakeStripeObject } }).data.object.id, r]));
    expect(byObject.size).toBe(everything.length);
    const created = new Date(firstRun.listedAt).toISOString();
    for (const { o, account } of everything) {
      const r = byObject.get(o.id)!;
      const event = JSON.parse(r.body) as { type: string; account?: string; data: { object: unknown } };
      expect(event.data.object).toEqual(o); // exactly as listed, decimal strings included
      expect(r.type).toBe(`${o.object}.snapshot`);
      expect(event.type).toBe(`${o.object}.snapshot`);
      expect(r.object).toBe('event');
      expect(r.created).toBe(created);
      expect(r.account).toBe(account);
      expect(event.account).toBe(account ?? undefined);
      expect(r.signature).toBeNull();
      expect(r.delivery_id).toBe(snapshotDeliveryId(firstRun.runId, account, o.id));
    }
    const status = (r: ArchiveRecord) => (JSON.parse(r.body) as { data: { object: Record<string, unknown> } }).data.object;
    expect(lines.filter((r) => r.type === 'subscription.snapshot' && status(r)['status'] === 'canceled')).toHaveLength(150);
    expect(lines.filter((r) => r.type === 'price.snapshot' && status(r)['active'] === false)).toHaveLength(15);
    expect(lines.filter((r) => r.type === 'product.snapshot' && status(r)['active'] === false)).toHaveLength(6);
  }, 120_000);

  const latest = async (): Promise<Map<string, Record<string, unknown>>> => {
    await firehose.flush();
    const { rows } = await runQuery({
      backend: 'local', lakeDir,
      sql: 'SELECT object_type, object_id, account, livemode, event_id, event_type, deleted, object FROM event_lake.stripe_objects_latest',
    });
    return new Map(rows.map((r) => [String(r['object_id']), { ...r, object: JSON.parse(String(r['object'])) as unknown }]));
  };
  let latestAfterFirst: Map<string, Record<string, unknown>>;

  it('stripe_objects_latest then holds every object, canceled subscriptions and inactive prices with their status', async () => {
    latestAfterFirst = await latest();
    expect(latestAfterFirst.size).toBe(everything.length);
    for (const { o, account } of everything) {
      expect(latestAfterFirst.get(o.id)).toEqual({
        object_type: o.object, object_id: o.id, account, livemode: false, deleted: false,
        event_id: `evt_snapshot_${firstRun.runId}_${o.id}`, event_type: `${o.object}.snapshot`, object: o,
      });
    }
    const rows = [...latestAfterFirst.values()];
    const field = (r: Record<string, unknown>, k: string) => (r['object'] as Record<string, unknown>)[k];
    expect(rows.filter((r) => r['object_type'] === 'subscription' && field(r, 'status') === 'canceled')).toHaveLength(150);
    expect(rows.filter((r) => r['object_type'] === 'price' && field(r, 'active') === false)).toHaveLength(15);
    expect(rows.filter((r) => r['account'] === ACCOUNT && r['object_type'] === 'customer')).toHaveLength(150);
  }, 120_000);

  it('the same run again (--run-id) writes the same deliveries: one row per object in the deduped view', async () => {
    const run = await cli(['--apply', '--account', ACCOUNT, '--run-id', firstRun.runId, '--types', 'customer,price']);
    expect(run.code).toBe(0);
    const lines = await snapshots();
    const again = lines.length - everything.length;
    expect(again).toBe(countOf(platform, 'customer') + countOf(platform, 'price') + countOf(connected, 'customer'));
    expect(new Set(lines.map((r) => r.delivery_id)).size).toBe(everything.length);
    const { rows } = await runQuery({
      backend: 'local', lakeDir,
      sql: "SELECT count(*) AS n, count(DISTINCT id) AS ids, max(delivery_count) AS deliveries FROM event_lake.stripe_events_deduped WHERE source = 'snapshot'",
    });
    expect(rows[0]).toEqual({ n: everything.length, ids: everything.length, deliveries: 1 });
  }, 120_000);

  it('a later --apply run adds a new snapshot of each object, dated by its own listing', async () => {
    offsetMs = 60_000;
    const run = await cli(['--apply', '--types', 'coupon', '--format', 'json']);
    expect(run.code).toBe(0);
    const second = JSON.parse(run.stdout) as ImportJson;
    expect(second.runId).not.toBe(firstRun.runId);
    const coupons = (await snapshots()).filter((r) => r.type === 'coupon.snapshot');
    expect(coupons).toHaveLength(2 * countOf(platform, 'coupon'));
    expect(new Set(coupons.map((r) => r.id)).size).toBe(2 * countOf(platform, 'coupon'));
    expect(new Set(coupons.map((r) => r.created))).toEqual(new Set([firstRun.listedAt, second.listedAt]));
  });

  it('a second full --apply adds a snapshot of every object and leaves stripe_objects_latest unchanged', async () => {
    offsetMs = 120_000;
    const run = await cli(['--apply', '--account', ACCOUNT, '--format', 'json']);
    expect(run.code).toBe(0);
    const third = JSON.parse(run.stdout) as ImportJson;
    expect(third.totals).toEqual({ listed: everything.length, written: everything.length, failed: 0 });
    const after = await latest();
    expect(after.size).toBe(latestAfterFirst.size);
    const state = (r: Record<string, unknown> | undefined) => r && { ...r, event_id: undefined };
    for (const [id, before] of latestAfterFirst) {
      expect(state(after.get(id))).toEqual(state(before));
      expect(after.get(id)!['event_id']).toBe(`evt_snapshot_${third.runId}_${id}`); // the newest snapshot stands for it
    }
  }, 120_000);

  it('bad input: exit 2 with one line naming the problem, before anything is listed', async () => {
    const requests = fake.requests.length;
    const unknownType = await cli(['--types', 'customer,invoicez']);
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr.split('\n')[0]).toBe('import-objects: --types: unknown object type "invoicez"; supported: customer, subscription, invoice, charge, payment_intent, refund, dispute, product, price, coupon, payout (see --list-types)');
    const noKey = await cli([], { STRIPE_API_KEY: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^import-objects: STRIPE_API_KEY is required/);
    const publishable = await cli([], { STRIPE_API_KEY: 'pk_test_importQz7Vw9Kp' });
    expect(publishable.code).toBe(2);
    expect(publishable.stderr).toMatch(/^import-objects: STRIPE_API_KEY is not a secret or restricted Stripe key/);
    const badAccount = await cli(['--account', 'cus_123']);
    expect(badAccount.code).toBe(2);
    expect(badAccount.stderr).toMatch(/^import-objects: --account must be a connected account id/);
    expect(fake.requests.length).toBe(requests);
  });

  it('a key of the wrong mode for the lake: exit 2 naming both modes', async () => {
    const liveLake = path.join(tmp, 'live-lake');
    await writeWebhookLake(liveLake, [{
      id: 'evt_1LiveOnly', object: 'event', type: 'customer.created', created: nowS - 3600, livemode: true,
      api_version: '2025-10-29.clover', data: { object: { id: 'cus_1Live', object: 'customer' } },
    }]);
    const run = await cli(['--apply'], { LAKE_DIR: 'live-lake' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^import-objects: STRIPE_API_KEY is a test-mode key, but the lake's events of the last 3 days are all live mode/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a key Stripe refuses: exit 2 with one line, and nothing more is listed', async () => {
    const before = fake.requests.length;
    const run = await cli([], { STRIPE_API_KEY: 'rk_test_importQz7Vw9Kq' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^import-objects: STRIPE_API_KEY was refused by Stripe \(HTTP 401\): Invalid API Key provided/m);
    expect(fake.requests.length - before).toBe(1);
    expect(run.stdout).toBe('');
  });

  it('an account the key cannot reach: exit 3, the listing error printed without the key', async () => {
    const run = await cli(['--account', 'acct_1NotMine', '--types', 'customer']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/customer \(acct_1NotMine\): .*does not have access to account 'acct_1NotMine'/);
    expect(run.stdout).toContain('[redacted API key]');
  });

  it('--list-types prints the types and their filters without needing a key', async () => {
    const run = await cli(['--list-types'], { STRIPE_API_KEY: undefined });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^subscription\s+GET \/v1\/subscriptions\?status=all/m);
    expect(run.stdout).toMatch(/^price\s+GET \/v1\/prices\?active=true \+ GET \/v1\/prices\?active=false/m);
  });

  it('never prints the key, not even in part', () => {
    for (const text of outputs) {
      expect(text).not.toContain(KEY_TAIL);
      expect(text).not.toContain('importQz7');
    }
  });
});
