// Issue #12's acceptance scenario, end to end through the CLI function with the real parts: the fake
// Stripe Events API over HTTP (stripe-node, v1 and v2), the lake queried with DuckDB (@event-lake/query),
// and the backfill written by the Firehose writer (@event-lake/firehose-writer) through the real AWS SDK
// to firehose-local.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import {
  createStripeEventsApiFake, fakeSnapshotEvents, fakeThinEvents, type FakeStoredEvent, type FakeThinEvent, type StripeEventsApiFake,
} from '@event-lake/stripe-events-api-fake';
import { runCli } from '../src/cli.js';
import { createRealDeps } from '../src/composition.js';
import { API_KEY, DAY } from './helpers.js';
import { writePartialDelivery, writeWebhookLake } from './lake-fixture.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Counts {
  stripe: number;
  lake: number;
  missing: number;
  incomplete: number;
  afterWindow: number;
}

interface AuditJson {
  complete: boolean;
  v1: Counts;
  v2: Counts;
  missing: { id: string; kind: string }[];
  incomplete: { id: string; kind: string }[];
  backfill?: { mode: string; written: number; events?: { id: string }[] };
}

/** A lake in a temporary folder, the fake Events API and firehose-local, driven through runCli. */
function scenario(events: readonly FakeStoredEvent[], thinEvents: readonly FakeThinEvent[]) {
  const s = {
    tmp: '',
    lakeDir: '',
    fake: undefined as StripeEventsApiFake | undefined,
    firehose: undefined as FirehoseLocal | undefined,
    env: {} as Record<string, string>,
    async start() {
      s.tmp = await mkdtemp(path.join(os.tmpdir(), 'completeness-scenario-'));
      s.lakeDir = path.join(s.tmp, 'lake');
      s.fake = createStripeEventsApiFake({ events, thinEvents, apiKey: API_KEY });
      const stripeApi = await s.fake.listen(0);
      // The longest buffer interval: nothing is delivered unless the test flushes.
      s.firehose = await createFirehoseLocal({ lakeDir: s.lakeDir, bufferIntervalSeconds: 900 });
      const firehoseApi = await s.firehose.listen(0);
      s.env = {
        STRIPE_API_KEY: API_KEY, STRIPE_API_BASE: stripeApi.url, LAKE_DIR: s.lakeDir,
        AWS_ENDPOINT_URL_FIREHOSE: firehoseApi.url, AWS_REGION: 'eu-west-1',
      };
    },
    async stop() {
      await s.firehose?.close();
      await s.fake?.close();
      if (s.tmp) await rm(s.tmp, { recursive: true, force: true });
    },
    async cli(...argv: string[]): Promise<Run> {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, s.env, {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        stderrIsTTY: false,
      }, createRealDeps({ cwd: s.tmp }));
      return { code, stdout, stderr };
    },
    async backfilled() {
      await s.firehose!.flush();
      return (await readDeliveredLines(s.lakeDir)).map(parseArchiveLine).filter((r) => r.source === 'backfill');
    },
  };
  return s;
}

describe('acceptance: 2,000 snapshot and 200 thin events over 3 days, 20 recent ones not delivered yet, 5 + 5 missing', () => {
  const now = Math.floor(Date.now() / 1000);
  const old = { from: now - 3 * DAY + 600, to: now - 3600 };
  const snapshots = fakeSnapshotEvents({ count: 2000, ...old, seed: 1201 });
  const thins = fakeThinEvents({ count: 200, ...old, seed: 1202 });
  // Created in the last 2 minutes: still in Firehose's buffer, not in the lake.
  const recent = fakeSnapshotEvents({ count: 20, from: now - 120, to: now - 5, seed: 1203, undeliveredShare: 1 });
  const droppedV1 = snapshots.filter((_, i) => i % 400 === 200).map((e) => e.event);
  const droppedV2 = thins.filter((_, i) => i % 40 === 20);
  const droppedIds = [...droppedV1, ...droppedV2].map((e) => e.id).sort();
  const s = scenario([...snapshots, ...recent], thins);

  beforeAll(async () => {
    await s.start();
    const dropped = new Set(droppedIds);
    await writeWebhookLake(s.lakeDir, [...snapshots.map((e) => e.event), ...thins].filter((e) => !dropped.has(e.id)));
  });
  afterAll(() => s.stop());

  it('drops 5 snapshot and 5 thin events, all older than an hour (the scenario itself)', () => {
    expect(droppedV1).toHaveLength(5);
    expect(droppedV2).toHaveLength(5);
    for (const e of droppedV1) expect(e.created).toBeLessThan(now - 3600);
    for (const e of droppedV2) expect(Date.parse(e.created)).toBeLessThan((now - 3600) * 1000);
  });

  it('audit-lake --days 3 lists exactly those 10, v1 and v2 apart, counts the 20 recent ones after the window, and exits 1', async () => {
    const run = await s.cli('audit', '--days', '3', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.missing.map((m) => m.id).sort()).toEqual(droppedIds);
    expect(report.missing.filter((m) => m.kind === 'v2').map((m) => m.id).sort()).toEqual(droppedV2.map((e) => e.id).sort());
    expect(report.incomplete).toEqual([]);
    expect(report.v1).toEqual({ stripe: 2000, lake: 1995, missing: 5, incomplete: 0, afterWindow: 20 });
    expect(report.v2).toEqual({ stripe: 200, lake: 195, missing: 5, incomplete: 0, afterWindow: 0 });

    const text = await s.cli('audit', '--days', '3');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Snapshot events \(v1, GET \/v1\/events\)[\s\S]*^total\s+2000\s+1995\s+5\s+0$/m);
    expect(text.stdout).toMatch(/Thin events \(v2, GET \/v2\/core\/events\)[\s\S]*^total\s+200\s+195\s+5\s+0$/m);
    expect(text.stdout).toMatch(/After the window: 20 listed events \(v1 20, v2 0\)/);
    for (const id of droppedIds) expect(text.stdout).toContain(id);
  });

  it('backfill --days 3 --apply writes exactly those 10; thin ones as v2.core.event lines', async () => {
    const run = await s.cli('backfill', '--days', '3', '--apply', '--format', 'json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as AuditJson).backfill?.written).toBe(10);
    const lines = await s.backfilled();
    expect(lines.map((r) => r.id).sort()).toEqual(droppedIds);
    for (const thin of droppedV2) {
      const line = lines.find((r) => r.id === thin.id)!;
      expect(line).toMatchObject({ object: 'v2.core.event', source: 'backfill', signature: null, type: thin.type });
      expect(JSON.parse(line.body)).toEqual(thin);
    }
  });

  it('after delivery, a second audit exits 0 and a second backfill writes nothing', async () => {
    const audit = await s.cli('audit', '--days', '3', '--format', 'json');
    expect(audit.code).toBe(0);
    expect((JSON.parse(audit.stdout) as AuditJson).complete).toBe(true);
    const backfill = await s.cli('backfill', '--days', '3', '--apply');
    expect(backfill.code).toBe(0);
    expect(backfill.stdout).toMatch(/Nothing to backfill/);
    expect(await s.backfilled()).toHaveLength(10);
  });
});

describe('acceptance: an event with only part 0 of 3 in the lake', () => {
  const now = Math.floor(Date.now() / 1000);
  const events = fakeSnapshotEvents({ count: 30, from: now - 2 * DAY, to: now - 3600, seed: 1204 });
  const big = events[10]!.event;
  // A large event: its webhook delivery was split into 3 parts, and only part 0 landed.
  const large = { ...big, data: { object: { id: 'cus_large', object: 'customer', notes: 'x'.repeat(5000) } } };
  const s = scenario(events.map((e) => (e.event.id === big.id ? { ...e, event: large } : e)), []);
  let parts = 0;

  beforeAll(async () => {
    await s.start();
    await writeWebhookLake(s.lakeDir, events.map((e) => e.event).filter((e) => e.id !== big.id));
    parts = await writePartialDelivery(s.lakeDir, large, 2500, [0]);
  });
  afterAll(() => s.stop());

  it('the audit reports it as incomplete (not missing) and exits 1', async () => {
    expect(parts).toBe(3);
    const run = await s.cli('audit', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.incomplete.map((e) => e.id)).toEqual([big.id]);
    expect(report.missing).toEqual([]);
    expect(report.v1).toMatchObject({ stripe: 30, lake: 29, missing: 0, incomplete: 1 });
    expect((await s.cli('audit')).stdout).toMatch(new RegExp(`Incomplete: in the lake with body parts lacking \\(1\\), oldest first:\\n  ${big.id}  v1`));
  });

  it('the backfill writes it, and then the audit finds the lake complete', async () => {
    const run = await s.cli('backfill', '--apply', '--format', 'json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as AuditJson).backfill?.written).toBe(1);
    const lines = await s.backfilled();
    expect(lines.map((r) => r.id)).toEqual([big.id]);
    expect(JSON.parse(lines[0]!.body)).toEqual(large);
    expect((await s.cli('audit')).code).toBe(0);
  });
});
