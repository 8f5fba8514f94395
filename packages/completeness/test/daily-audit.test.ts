// The daily audit Lambda's code end to end: the fake Stripe Events API over HTTP (stripe-node, v1 and
// v2), Athena at the query layer's SDK seam, the Embedded Metric Format lines it logs, and with
// AUTO_BACKFILL=on the real Firehose writer through the AWS SDK to firehose-local.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { fakeSnapshotEvents, fakeThinEvents } from '@event-lake/stripe-events-api-fake';
import { runDailyAudit, type DailyAuditDeps } from '../src/daily-audit/daily-audit.js';
import { createAthenaFake, type FakeDelivery } from './athena-fake.js';
import { API_KEY, DAY, instantRateLimit, LIVE_API_KEY, startFake, type RunningFake } from './helpers.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const now = NOW.getTime() / 1000;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:event-lake-stripe-api-key-AbCdEf';
const v1 = fakeSnapshotEvents({ count: 60, from: now - 3 * DAY + 3600, to: now - 3600, seed: 41 });
const v2 = fakeThinEvents({ count: 20, from: now - 3 * DAY + 3600, to: now - 3600, seed: 42 });
// Created 2 minutes ago: Firehose may still hold it; after the window, not compared.
const recent = fakeSnapshotEvents({ count: 1, from: now - 120, to: now - 60, seed: 43 });

const missingV1 = [v1[3]!.event.id, v1[40]!.event.id];
const missingV2 = [v2[7]!.id];
const partialV1 = v1[12]!.event.id;

/** The lake: one complete delivery per event, except the missing ones and one with part 0 of 3. */
const deliveries: FakeDelivery[] = [
  ...v1.map((e) => e.event.id).filter((id) => !missingV1.includes(id)),
  ...v2.map((e) => e.id).filter((id) => !missingV2.includes(id)),
].map((id) => (id === partialV1 ? { id, deliveryId: `d-${id}`, bodyParts: 3, parts: 1 } : { id, deliveryId: `d-${id}`, bodyParts: 1, parts: 1 }));

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

describe('daily audit (scheduled Lambda code)', () => {
  let f: RunningFake;
  let env: Record<string, string>;
  beforeAll(async () => {
    f = await startFake([...v1, ...recent], LIVE_API_KEY);
    f.fake.addThinEvents(v2);
    env = {
      STRIPE_API_KEY_SECRET_ARN: SECRET_ARN,
      STRIPE_API_BASE: f.url,
      AWS_REGION: 'eu-west-1',
      ATHENA_WORKGROUP: 'event-lake',
      ATHENA_DATABASE: 'event_lake',
      FIREHOSE_BUFFER_INTERVAL_SECONDS: '300',
      METRICS_NAMESPACE: 'EventLake',
    };
  });
  afterAll(async () => {
    await f.fake.close();
  });

  const run = (overrides: Partial<DailyAuditDeps> & { secret?: string | undefined; extraEnv?: Record<string, string> } = {}) => {
    const lines: string[] = [];
    const athena = createAthenaFake(deliveries);
    const { secret: _secret, extraEnv = {}, ...deps } = overrides;
    // An explicit `secret: undefined` is a secret without a value.
    const secret = 'secret' in overrides ? overrides.secret : LIVE_API_KEY;
    const outcome = runDailyAudit({
      env: { ...env, ...extraEnv },
      now: () => NOW,
      readSecret: async (arn) => (arn === SECRET_ARN ? secret : undefined),
      log: (line) => lines.push(line),
      athenaApi: athena.api,
      rateLimit: instantRateLimit(),
      ...deps,
    });
    return { outcome, lines, athena, emf: () => lines.map((l) => JSON.parse(l) as Emf) };
  };
  const byDimension = (emf: readonly Emf[], key: string, value: string) => emf.filter((e) => e[key] === value);

  it('lists v1 and v2 over the last 3 days up to the margin, asks Athena in the workgroup, and emits the counts as EMF', async () => {
    const r = await run();
    await expect(r.outcome).resolves.toEqual({ status: 'incomplete', missing: 3, incomplete: 1, backfilled: 0 });
    const emf = r.emf();
    expect(emf).toHaveLength(3);
    for (const e of emf) {
      expect(e._aws.CloudWatchMetrics[0]!.Namespace).toBe('EventLake');
      expect(e._aws.Timestamp).toBe(NOW.getTime());
      // Every metric named in the directive has its value on the line.
      for (const metric of e._aws.CloudWatchMetrics[0]!.Metrics) expect(typeof e[metric.Name]).toBe('number');
    }
    const [kindV1] = byDimension(emf, 'Kind', 'v1');
    expect(kindV1?._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['Kind']]);
    expect(kindV1).toMatchObject({ AuditListedEvents: 60, AuditMissingEvents: 2, AuditIncompleteEvents: 1, AuditAfterWindowEvents: 1 });
    expect(byDimension(emf, 'Kind', 'v2')[0]).toMatchObject({ AuditListedEvents: 20, AuditMissingEvents: 1, AuditIncompleteEvents: 0, AuditAfterWindowEvents: 0 });
    const [status] = byDimension(emf, 'Audit', 'daily');
    expect(status).toMatchObject({ AuditNotConfigured: 0, AuditFailed: 0, level: 'warn' });
    // Oldest first; the sample events are in creation order.
    expect(status?.['missing']).toEqual({ v1: missingV1, v2: missingV2 });
    expect(status?.['incomplete']).toEqual({ v1: [partialV1], v2: [] });
    expect(status?.['window']).toEqual({ since: '2026-11-19T11:50:00.000Z', until: '2026-11-22T11:50:00.000Z' });
    expect(r.athena.started).toHaveLength(1);
    expect(r.athena.started[0]).toMatchObject({ WorkGroup: 'event-lake', Database: 'event_lake' });
    expect(r.athena.started[0]!.QueryString).toMatch(/GROUP BY schema_version, .*received_at, signature\) AS deliveries GROUP BY id$/);
  });

  it('emits zeros and level info when the lake is complete', async () => {
    const lines: string[] = [];
    const complete = createAthenaFake([...v1.map((e) => e.event.id), ...v2.map((e) => e.id)].map((id) => ({ id, deliveryId: `d-${id}`, bodyParts: 1, parts: 1 })));
    await expect(runDailyAudit({
      env, now: () => NOW, readSecret: async () => LIVE_API_KEY, log: (l) => lines.push(l), athenaApi: complete.api, rateLimit: instantRateLimit(),
    })).resolves.toEqual({ status: 'complete', missing: 0, incomplete: 0, backfilled: 0 });
    const emf = lines.map((l) => JSON.parse(l) as Emf);
    expect(byDimension(emf, 'Kind', 'v1')[0]).toMatchObject({ AuditMissingEvents: 0, AuditIncompleteEvents: 0 });
    expect(byDimension(emf, 'Kind', 'v2')[0]).toMatchObject({ AuditMissingEvents: 0, AuditIncompleteEvents: 0 });
    expect(byDimension(emf, 'Audit', 'daily')[0]).toMatchObject({ level: 'info', AuditNotConfigured: 0, AuditFailed: 0 });
  });

  it('fails closed with one log line and AuditNotConfigured = 1 while the secret holds no Stripe key, and never logs its value', async () => {
    for (const secret of [undefined, 'x7Qw9ZrT2mPl8KsV4nBd6HfJ1cYe3GaU']) {
      const before = f.fake.requests.length;
      const r = await run({ secret });
      await expect(r.outcome).resolves.toEqual({ status: 'not-configured' });
      expect(r.lines).toHaveLength(1);
      const [line] = r.emf();
      expect(line).toMatchObject({ level: 'error', Audit: 'daily', AuditNotConfigured: 1, AuditFailed: 0 });
      expect(line?.['message']).toMatch(/daily audit not run: secret arn:aws:secretsmanager:.* holds no Stripe API key/);
      if (secret) expect(r.lines[0]).not.toContain(secret.slice(0, 6));
      expect(f.fake.requests.length).toBe(before); // Stripe was not called
      expect(r.athena.started).toEqual([]);
    }
  });

  it('refuses a test-mode key like a missing one (AuditNotConfigured = 1), never calling Stripe or logging the key', async () => {
    const before = f.fake.requests.length;
    const r = await run({ secret: API_KEY });
    await expect(r.outcome).resolves.toEqual({ status: 'not-configured' });
    expect(r.lines).toHaveLength(1);
    const [line] = r.emf();
    expect(line).toMatchObject({ level: 'error', AuditNotConfigured: 1, AuditFailed: 0, AuditSucceeded: 0 });
    expect(line?.['message']).toBe(
      `daily audit not run: secret ${SECRET_ARN} holds a test-mode Stripe key, which lists no live events; ` +
      'store a live restricted key (rk_live_… with Events: Read) in it (docs/operations.md, "Daily audit")',
    );
    expect(r.lines[0]).not.toContain(API_KEY.slice(0, 8));
    expect(r.lines[0]).not.toContain(API_KEY.slice(8));
    expect(f.fake.requests.length).toBe(before);
    expect(r.athena.started).toEqual([]);
  });

  it('AuditSucceeded (the heartbeat) is 1 on every run that audited, whatever it found, and 0 on runs that did not', async () => {
    const audited = await run();
    await audited.outcome;
    expect(byDimension(audited.emf(), 'Audit', 'daily')[0]).toMatchObject({ AuditSucceeded: 1, AuditFailed: 0, AuditNotConfigured: 0 });
    expect(byDimension(audited.emf(), 'Audit', 'daily')[0]!._aws.CloudWatchMetrics[0]!.Metrics.map((x) => x.Name)).toContain('AuditSucceeded');
    const unconfigured = await run({ secret: undefined });
    await unconfigured.outcome;
    expect(unconfigured.emf()[0]).toMatchObject({ AuditSucceeded: 0, AuditNotConfigured: 1 });
    const failed = await run({ readSecret: async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) });
    await expect(failed.outcome).rejects.toThrow('Rate exceeded');
    expect(failed.emf()).toHaveLength(1);
    expect(failed.emf()[0]).toMatchObject({ AuditSucceeded: 0, AuditFailed: 1, message: 'daily audit failed: ThrottlingException: Rate exceeded' });
  });

  it('emits AuditFailed = 1 and rethrows when the lake query fails', async () => {
    const lines: string[] = [];
    const athena = createAthenaFake(deliveries);
    athena.failNext = 'HIVE_BAD_DATA: something broke';
    await expect(runDailyAudit({
      env, now: () => NOW, readSecret: async () => LIVE_API_KEY, log: (l) => lines.push(l), athenaApi: athena.api, rateLimit: instantRateLimit(),
    })).rejects.toThrow(/HIVE_BAD_DATA/);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', AuditNotConfigured: 0, AuditFailed: 1 });
  });

  it('refuses a bad configuration, naming the variable', async () => {
    await expect(run({ extraEnv: { AUTO_BACKFILL: 'yes' } }).outcome).rejects.toThrow(/AUTO_BACKFILL must be on or off, got "yes"/);
    await expect(run({ extraEnv: { STRIPE_API_KEY_SECRET_ARN: 'rk_live_oops' } }).outcome).rejects.toThrow(/STRIPE_API_KEY_SECRET_ARN must be a Secrets Manager secret ARN/);
    await expect(run({ extraEnv: { AUDIT_DAYS: '31' } }).outcome).rejects.toThrow(/AUDIT_DAYS must be a whole number of days from 1 to 30/);
  });

  describe('with AUTO_BACKFILL=on', () => {
    let tmp: string;
    let firehose: FirehoseLocal;
    let firehoseUrl: string;
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'daily-audit-'));
      firehose = await createFirehoseLocal({ lakeDir: tmp, bufferIntervalSeconds: 900 });
      firehoseUrl = (await firehose.listen(0)).url;
    });
    afterAll(async () => {
      await firehose.close();
      await rm(tmp, { recursive: true, force: true });
    });

    it('writes the missing and incomplete events through the Firehose writer and counts them per kind', async () => {
      const r = await run({ extraEnv: { AUTO_BACKFILL: 'on', AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl } });
      await expect(r.outcome).resolves.toEqual({ status: 'incomplete', missing: 3, incomplete: 1, backfilled: 4 });
      await firehose.flush();
      const records = (await readDeliveredLines(tmp)).map(parseArchiveLine);
      expect(records.map((x) => x.id).sort()).toEqual([...missingV1, ...missingV2, partialV1].sort());
      expect(records.every((x) => x.source === 'backfill' && x.signature === null)).toBe(true);
      expect(records.find((x) => x.id === missingV2[0])?.object).toBe('v2.core.event');
      const emf = r.emf();
      expect(byDimension(emf, 'Kind', 'v1')[0]).toMatchObject({ AuditBackfilledEvents: 3 });
      expect(byDimension(emf, 'Kind', 'v2')[0]).toMatchObject({ AuditBackfilledEvents: 1 });
    });
  });
});
