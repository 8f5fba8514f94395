// `pnpm replay` end to end: the real CLI as a child process, the acceptance lake, and a consumer that
// verifies every request with stripe-node and compares its bytes with the archive.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { checkpointIds, sendable, useReplayLake } from './lake-fixture.js';
import { runCli, startCli } from './run-replay-cli.js';
import { maxInWindow } from './verifying-receiver.js';

const SECRET = 'whsec_replay_end_to_end_secret_0123456789';
const env = { REPLAY_SIGNING_SECRET: SECRET };
/** Arrival times carry loopback latency jitter; the exact start-time property is in start-pacer.test.ts. */
const ARRIVAL_JITTER_MS = 50;

const fx = useReplayLake();

describe('pnpm replay', () => {
  it('delivers every selected event once, signed so stripe-node verifies it, byte-identical, within the rate and concurrency limits', async () => {
    const consumer = await fx.receiver({ secret: SECRET, delayMs: 5 });
    const checkpoint = path.join(fx.dir, 'acceptance.checkpoint');
    const since = '2026-03-02T06:00:00Z';
    const until = '2026-03-03T18:00:00+00:00';
    const { code, stdout, stderr } = await runCli(
      ['--to', `${consumer.url}/hook?tenant=a&x=1`, '--since', since, '--until', until, '--rate', '100', '--concurrency', '4',
        '--checkpoint', checkpoint, '--lake-dir', fx.lakeDir, '--format', 'json'],
      env,
    );
    expect(stderr).toContain('replay: selected');
    expect(stderr).toMatch(/replay: \d+\/\d+ \(\d+ delivered, 0 failed\), \d+ in flight/); // the progress line
    expect(code).toBe(0);
    const want = sendable(fx.lake.filter((e) => e.created >= '2026-03-02T06:00:00.000Z' && e.created < '2026-03-03T18:00:00.000Z'));
    expect(want.length).toBeGreaterThan(400);
    expect(JSON.parse(stdout)).toMatchObject({ selected: want.length, delivered: want.length, failed: 0, skipped: 0 });

    const got = consumer.received;
    expect(got.map((r) => r.id).sort()).toEqual(want.map((e) => e.id).sort());
    const byId = new Map(got.map((r) => [r.id, r]));
    for (const e of want) {
      const r = byId.get(e.id)!;
      expect(r.verified).toBe(true);
      expect(r.body.equals(Buffer.from(e.expected!, 'utf8'))).toBe(true);
    }
    expect(new Set(want.map((e) => e.object))).toEqual(new Set(['event', 'v2.core.event']));
    expect(new Set(got.map((r) => r.path))).toEqual(new Set(['/hook?tenant=a&x=1']));
    expect(new Set(got.map((r) => r.headers['content-type']))).toEqual(new Set(['application/json; charset=utf-8']));
    expect(got.every((r) => /event-lake-replay/.test(r.headers['user-agent'] ?? ''))).toBe(true);
    expect(got.every((r) => /^t=\d+,v1=[0-9a-f]{64}$/.test(String(r.headers['stripe-signature'])))).toBe(true);

    expect(maxInWindow(got.map((r) => r.arrivedAt), 1000 - ARRIVAL_JITTER_MS)).toBeLessThanOrEqual(100);
    expect(consumer.maxOpen()).toBeLessThanOrEqual(4);
    expect((await checkpointIds(checkpoint)).sort()).toEqual(want.map((e) => e.id).sort());
    expect(stdout + stderr).not.toContain(SECRET.slice(6, 20));
  });

  it('completes with no event missing after being killed midway, rerun with the same checkpoint', async () => {
    const consumer = await fx.receiver({ secret: SECRET });
    const checkpoint = path.join(fx.dir, 'killed.checkpoint');
    const args = ['--to', `${consumer.url}/hook`, '--rate', '400', '--concurrency', '4', '--checkpoint', checkpoint, '--lake-dir', fx.lakeDir, '--format', 'json'];
    const first = startCli(args, env);
    while (consumer.received.length < 150) {
      if (first.child.exitCode !== null) throw new Error('the replay finished before it could be killed');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const recorded = await checkpointIds(checkpoint);
    const want = sendable(fx.lake);
    expect(recorded.length).toBeGreaterThan(100);
    expect(recorded.length).toBeLessThan(want.length);

    const second = await runCli(args, env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ selected: want.length, skipped: recorded.length, delivered: want.length - recorded.length, failed: 0 });
    expect(consumer.received.every((r) => r.verified)).toBe(true);
    expect(new Set(consumer.received.map((r) => r.id))).toEqual(new Set(want.map((e) => e.id)));
    // Only what was in flight at the kill may arrive twice, and never an id the checkpoint had confirmed.
    const counts = new Map<string, number>();
    for (const r of consumer.received) counts.set(r.id!, (counts.get(r.id!) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.length).toBeLessThanOrEqual(4);
    expect(twice.filter((id) => recorded.includes(id))).toEqual([]);
  }, 90_000); // two CLI processes, each starting tsx: 20–27 s alone on a loaded 2-core machine
});
