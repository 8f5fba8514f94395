// `pnpm replay` through runReplayCli in this process (the same code main.ts calls, minus the process):
// real HTTP to a verifying consumer, the acceptance lake, captured stdout and stderr.
import { describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runReplayCli, type CliEnv } from '../src/run-cli.js';
import { checkpointIds, sendable, useReplayLake } from './lake-fixture.js';

const SECRET = 'whsec_replay_in_process_secret_0123456789';
const env = { REPLAY_SIGNING_SECRET: SECRET };

const fx = useReplayLake();

async function runCli(args: readonly string[], cliEnv: CliEnv, signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const code = await runReplayCli(args, cliEnv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stderrIsTTY: false,
  }, { cwd: fx.dir, ...(signal ? { signal } : {}) });
  return { code, stdout, stderr };
}

interface JsonReport {
  selected: number;
  delivered: number;
  failed: number;
  skipped: number;
  failures: Array<{ id: string; status: number | string; attempts: number }>;
}


describe('pnpm replay (in process)', () => {
  it('retries non-2xx answers and exits 1 naming the event that kept failing with its last status', async () => {
    const invoices = sendable(fx.lake.filter((e) => e.type.startsWith('invoice.')));
    const broken = invoices[3]!.id;
    const flaky = new Set(invoices.filter((_, i) => i % 5 === 0).map((e) => e.id));
    const consumer = await fx.receiver({
      secret: SECRET,
      answer: (id, nth) => (id === broken ? (nth === 1 ? 503 : 500) : flaky.has(id!) && nth === 1 ? 503 : 200),
    });
    const { code, stdout } = await runCli(
      ['--to', `${consumer.url}/hook`, '--type', 'invoice.*', '--rate', '500', '--attempts', '3', '--lake-dir', fx.lakeDir, '--format', 'json'],
      env,
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report).toMatchObject({ selected: invoices.length, delivered: invoices.length - 1, failed: 1, skipped: 0 });
    expect(report.failures).toEqual([expect.objectContaining({ id: broken, status: 500, attempts: 3 })]);
    const attempts = (id: string) => consumer.received.filter((r) => r.id === id).length;
    expect(attempts(broken)).toBe(3);
    for (const id of flaky) expect(attempts(id)).toBe(2);
    expect(consumer.received.every((r) => r.verified)).toBe(true);
  });

  it('on Ctrl-C finishes the requests in flight, checkpoints them, reports and exits 130; the rerun sends the rest', async () => {
    const stop = new AbortController();
    const consumer = await fx.receiver({ secret: SECRET, delayMs: 20, answer: () => {
      if (consumer.received.length === 30) stop.abort(); // main.ts aborts this signal on SIGINT
      return 200;
    } });
    const checkpoint = path.join(fx.dir, 'interrupted.checkpoint');
    const args = ['--to', `${consumer.url}/hook`, '--type', 'customer.*', '--rate', '500', '--concurrency', '4', '--checkpoint', checkpoint, '--lake-dir', fx.lakeDir, '--format', 'json'];
    const customers = sendable(fx.lake.filter((e) => e.type.startsWith('customer.')));
    const first = await runCli(args, env, stop.signal);
    expect(first.code).toBe(130);
    const report = JSON.parse(first.stdout) as JsonReport & { not_attempted: number };
    expect(report.delivered).toBe(consumer.received.length); // every request that went out was answered and recorded
    expect(report.delivered + report.not_attempted).toBe(customers.length);
    expect((await checkpointIds(checkpoint)).length).toBe(report.delivered);
    const second = await runCli(args, env);
    expect(second.code).toBe(0);
    expect(new Set(consumer.received.map((r) => r.id))).toEqual(new Set(customers.map((e) => e.id)));
    expect(consumer.received.length).toBe(customers.length); // nothing twice
  });

  it('lists what a dry run would send without a secret, and counts checkpointed ids as skipped', async () => {
    const { code, stdout } = await runCli(['--dry-run', '--type', 'charge.refunded', '--lake-dir', fx.lakeDir], {});
    const refunds = sendable(fx.lake.filter((e) => e.type === 'charge.refunded'));
    expect(code).toBe(0);
    expect(stdout).toContain(`dry run: ${refunds.length} event(s) selected`);
    expect(stdout).toContain(`created: ${refunds[0]!.created} … ${refunds[refunds.length - 1]!.created}`);
    expect(stdout).toMatch(new RegExp(`charge\\.refunded\\s+${refunds.length}`));
    const checkpoint = path.join(fx.dir, 'dry-run.checkpoint');
    await writeFile(checkpoint, `${refunds[0]!.id}\n${refunds[1]!.id}\n`);
    const json = await runCli(['--dry-run', '--format', 'json', '--lake-dir', fx.lakeDir, '--checkpoint', checkpoint], {});
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report).toMatchObject({ selected: sendable(fx.lake).length, skipped: 2, delivered: 0, failed: 0 });
    const uncached = await runCli(['--dry-run', '--format', 'json', '--no-cache', '--type', 'charge.refunded', '--lake-dir', fx.lakeDir], {});
    expect(JSON.parse(uncached.stdout)).toMatchObject({ selected: refunds.length });
  });

  it('refuses a --to with a user name or password at parse time (exit 2), never printing them, not even with --dry-run', async () => {
    for (const url of ['https://replayer:hunter2secret@127.0.0.1:9/hook', 'http://hunter2secret@127.0.0.1:9/', 'https://replayer:hunter2secret@bad host/', '//replayer:hunter2secret@127.0.0.1/']) {
      for (const extra of [[], ['--dry-run']]) {
        const run = await runCli(['--to', url, '--lake-dir', fx.lakeDir, ...extra], env);
        expect({ url, extra, code: run.code, stdout: run.stdout }).toEqual({ url, extra, code: 2, stdout: '' });
        expect(run.stderr).toMatch(/^replay: --to must (not carry a user name or password|be an absolute http\(s\) URL)/);
        expect(run.stderr).not.toContain('hunter2');
        expect(run.stderr).not.toContain('replayer');
      }
    }
  });

  it('exits 2 on usage and configuration errors without printing the secret, and 3 when the lake cannot be read', async () => {
    const to = ['--to', 'http://127.0.0.1:9/hook', '--lake-dir', fx.lakeDir];
    const noSecret = await runCli(to, {});
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('REPLAY_SIGNING_SECRET');
    const badSecret = await runCli(to, { REPLAY_SIGNING_SECRET: 'sk_live_not_a_signing_secret' });
    expect(badSecret.code).toBe(2);
    expect(badSecret.stderr + badSecret.stdout).not.toContain('not_a_signing');
    const refused = [
      [...to, '--since', '2026-03-02T10:00:00'], // a time needs a zone
      [...to, '--since', '2026-03-03', '--until', '2026-03-02'],
      [...to, '--type', 'invoice*paid'],
      [...to, '--id', 'ch_123'],
      [...to, '--rate', '0'],
      [...to, '--concurrency', 'many'],
      [...to, '--athena-slack-days', '5'], // local reads every partition
      [...to, '--backend', 'bigquery'],
      ['--to', 'ftp://127.0.0.1/hook', '--lake-dir', fx.lakeDir],
      ['--lake-dir', fx.lakeDir], // no --to
      [...to, '--secret', SECRET], // never a flag
    ];
    for (const args of refused) {
      const run = await runCli(args, env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr + run.stdout).not.toContain(SECRET.slice(6));
    }
    const noLake = await runCli(['--to', 'http://127.0.0.1:9/hook', '--lake-dir', path.join(fx.dir, 'no-such-lake')], env);
    expect(noLake.code).toBe(3);
    expect(noLake.stderr).toContain('no-such-lake');
  });
});
