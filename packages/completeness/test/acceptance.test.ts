// The acceptance scenario, end to end through the CLI function with the real parts: the fake
// Stripe Events API over HTTP (stripe-node), the lake queried with DuckDB (@event-lake/query), and the
// backfill written by the Firehose writer (@event-lake/firehose-writer) through the real AWS SDK to firehose-local.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFirehoseLocal, readDeliveredLines, type FirehoseLocal } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { runQuery } from '@event-lake/query';
import { runCli } from '../src/cli.js';
import { createRealDeps } from '../src/composition.js';
import { createStripeEventsApiFake, fakeSnapshotEvents, type StripeEventsApiFake } from '@event-lake/stripe-events-api-fake';
import { backfillDeliveryId } from '../src/backfill-record.js';
import { API_KEY, DAY } from './helpers.js';
import { writeWebhookLake } from './lake-fixture.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface AuditJson {
  complete: boolean;
  counts: { stripe: number; lake: number; missing: number };
  byType: { type: string; stripe: number; lake: number; missing: number }[];
  missing: { id: string; type: string; created: string }[];
  backfill?: { mode: string; written: number; events?: { id: string }[] };
}

describe('acceptance: 2,000 events over 3 days, 37 missing from the lake', () => {
  const now = Math.floor(Date.now() / 1000);
  const stored = fakeSnapshotEvents({ count: 2000, from: now - 3 * DAY + 600, to: now - 600, seed: 2026 });
  // Every 54th event is dropped: 37 events, spread over the 3 days and over several types.
  const dropped = stored.filter((_, i) => i % 54 === 27).map((e) => e.event);
  const droppedIds = dropped.map((e) => e.id).sort();
  let tmp: string;
  let lakeDir: string;
  let fake: StripeEventsApiFake;
  let firehose: FirehoseLocal;
  let env: Record<string, string>;

  const cli = async (...argv: string[]): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, env, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stderrIsTTY: false,
    }, createRealDeps({ cwd: tmp }));
    return { code, stdout, stderr };
  };
  const backfilledLines = async () =>
    (await readDeliveredLines(lakeDir)).map(parseArchiveLine).filter((r) => r.source === 'backfill');

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'completeness-acceptance-'));
    lakeDir = path.join(tmp, 'lake');
    const kept = stored.map((e) => e.event).filter((e) => !droppedIds.includes(e.id));
    await writeWebhookLake(lakeDir, kept);
    fake = createStripeEventsApiFake({ events: stored, apiKey: API_KEY });
    const stripeApi = await fake.listen(0);
    // The longest buffer interval: nothing is delivered unless the test flushes.
    firehose = await createFirehoseLocal({ lakeDir, bufferIntervalSeconds: 900 });
    const firehoseApi = await firehose.listen(0);
    env = {
      STRIPE_API_KEY: API_KEY,
      STRIPE_API_BASE: stripeApi.url,
      LAKE_DIR: 'lake', // relative: resolved against INIT_CWD, the directory pnpm was run from
      INIT_CWD: tmp,
      AWS_ENDPOINT_URL_FIREHOSE: firehoseApi.url,
      AWS_REGION: 'eu-west-1',
    };
  });

  afterAll(async () => {
    await firehose?.close();
    await fake?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('drops 37 events of several types (the scenario itself)', () => {
    expect(dropped).toHaveLength(37);
    expect(new Set(dropped.map((e) => e.type)).size).toBeGreaterThanOrEqual(4);
  });

  it('audit reports exactly those 37 and exits 1', async () => {
    const run = await cli('audit', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.complete).toBe(false);
    expect(report.counts).toEqual({ stripe: 2000, lake: 1963, missing: 37, incomplete: 0 });
    expect(report.missing.map((m) => m.id).sort()).toEqual(droppedIds);
    const perType = Object.fromEntries(report.byType.map((t) => [t.type, t.missing]));
    for (const type of new Set(dropped.map((e) => e.type))) {
      expect(perType[type]).toBe(dropped.filter((e) => e.type === type).length);
    }
    expect(run.stderr).toMatch(/Listing Stripe events \(v1\): 2000 events, 20 pages, done/);
  });

  it('prints the same audit as a table with the missing ids', async () => {
    const run = await cli('audit');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^total\s+2000\s+1963\s+37\s+0$/m);
    for (const id of droppedIds) expect(run.stdout).toContain(id);
    expect(run.stdout).toMatch(/Incomplete: 37 of 2000 events are not in the lake/);
  });

  it('backfill without --apply is a dry run that writes nothing', async () => {
    const run = await cli('backfill');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Dry run: would write the 37 missing events/);
    await firehose.flush();
    expect(await backfilledLines()).toEqual([]);
  });

  it('backfill --apply writes exactly those 37 through the delivery stream', async () => {
    const run = await cli('backfill', '--apply', '--format', 'json');
    expect(run.stderr).toBe(run.stderr); // progress is free-form
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.backfill?.mode).toBe('apply');
    expect(report.backfill?.written).toBe(37);
    await firehose.flush();
    const lines = await backfilledLines();
    expect(lines.map((r) => r.id).sort()).toEqual(droppedIds);
    for (const r of lines) {
      expect(r.signature).toBeNull();
      expect(r.delivery_id).toBe(backfillDeliveryId(r.id));
      const original = stored.find((e) => e.event.id === r.id)!.event;
      expect(JSON.parse(r.body)).toEqual(original);
    }
  });

  it('a second audit finds nothing missing and exits 0', async () => {
    const run = await cli('audit', '--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.counts).toEqual({ stripe: 2000, lake: 2000, missing: 0, incomplete: 0 });
    expect(report.complete).toBe(true);
  });

  it('a second backfill --apply writes nothing', async () => {
    const run = await cli('backfill', '--apply');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Nothing to backfill/);
    await firehose.flush();
    expect(await backfilledLines()).toHaveLength(37);
  });

  it('the deduped view has one row per event, backfilled ones included', async () => {
    const { rows } = await runQuery({
      backend: 'local',
      lakeDir,
      sql: "SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(CASE WHEN source = 'backfill' THEN 1 ELSE 0 END) AS backfilled FROM event_lake.stripe_events_deduped",
    });
    expect(rows[0]).toEqual({ n: 2000, ids: 2000, backfilled: 37 });
  });
});
