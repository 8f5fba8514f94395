// `pnpm start` on a real terminal (a pseudo-terminal from util-linux `script`), as a developer runs it:
// readable event lines instead of pino JSON, no part of a user-supplied secret on screen, and Ctrl-C (the
// key, sent through the terminal) ends with exit status 0 and without pnpm's ELIFECYCLE error.
import { describe, it, expect } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killProcessGroup } from './process-group.js';
import { DEVELOPMENT_WEBHOOK_SECRET, postEvent, sampleEvents } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const USER_SECRET = 'whsec_Zq7Kx2Wm9Pv4Rt8Yb3Nc6Hd1Jf5Lg0Ss';

describe('pnpm start on a terminal', () => {
  it('prints one line per event, never the user secret, and Ctrl-C exits 0 without ELIFECYCLE', async () => {
    if (spawnSync('script', ['--version']).status !== 0) throw new Error('this test needs util-linux `script` (Debian: bsdutils) to give pnpm start a terminal');
    const lakeDir = await mkdtemp(join(tmpdir(), 'local-stack-tty-'));
    const child = spawn('script', ['--quiet', '--return', '--flush', '--command', 'pnpm start', '/dev/null'], {
      cwd: repoRoot,
      env: {
        ...process.env, PORT: '0', FIREHOSE_LOCAL_PORT: '0', LAKE_DIR: lakeDir, FIREHOSE_BUFFER_INTERVAL_SECONDS: '1',
        STRIPE_WEBHOOK_SECRET: `${USER_SECRET},${DEVELOPMENT_WEBHOOK_SECRET}`, LOG_FORMAT: '', LOG_LEVEL: 'info', NODE_NO_WARNINGS: '1',
        INGRESS_REQUEST_DEADLINE_MS: '30000',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so a failed test can kill everything it started
    });
    let output = '';
    const waiters: (() => void)[] = [];
    const onOutput = (d: Buffer) => {
      output += d.toString('utf8').replace(/\r/g, '');
      waiters.splice(0).forEach((w) => w());
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    // 'close', not 'exit': the last lines ("stopped; …") may still be in the pipe when it exits.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => {
      waiters.splice(0).forEach((w) => w());
      resolve(code);
    }));
    /** Waits for output matching `pattern`; gives up (with the output so far) after a minute or when it exits. */
    const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
      const giveUp = Date.now() + 60_000;
      for (;;) {
        const m = pattern.exec(output);
        if (m) return m;
        if (child.exitCode !== null || Date.now() > giveUp) throw new Error(`pnpm start did not print ${pattern}:\n${output}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 1000);
        });
      }
    };
    try {
      const webhookUrl = (await waitFor(/webhook URL\s+(\S+)/))[1]!;
      await waitFor(/Ctrl-C stops cleanly/);
      const events = sampleEvents(2);
      const results = await Promise.all(events.map((e) => postEvent(webhookUrl, e, DEVELOPMENT_WEBHOOK_SECRET)));
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      for (const e of events) await waitFor(new RegExp(e.id)); // logged, in whatever format

      child.stdin!.write('\x03'); // Ctrl-C, typed
      const exitCode = await exited;
      const body = USER_SECRET.slice('whsec_'.length);
      // Every 6-character piece of the user secret (the old banner showed `whsec_` and 6 of them).
      const leaked = Array.from({ length: body.length - 5 }, (_, i) => body.slice(i, i + 6)).filter((part) => output.includes(part));
      const eventLine = (e: (typeof events)[number]) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d  200  ${e.type.replace(/\./g, '\\.')}  ${e.id}  \\d+ ms$`, 'm');
      expect({
        exitCode,
        pnpmError: /ELIFECYCLE|Command failed|ERR_PNPM/.test(output),
        stoppedCleanly: output.includes('stopped; nothing buffered was lost'),
        readableEventLines: events.filter((e) => eventLine(e).test(output)).length,
        pinoJson: output.includes('{"level"'),
        secretsLine: /signing secret\s+2 secrets from STRIPE_WEBHOOK_SECRET, the development secret among them \(not shown\)/.test(output),
        leaked,
      }).toEqual({ exitCode: 0, pnpmError: false, stoppedCleanly: true, readableEventLines: 2, pinoJson: false, secretsLine: true, leaked: [] });
    } finally {
      killProcessGroup(child);
      await rm(lakeDir, { recursive: true, force: true });
    }
  }, 120_000);
});
