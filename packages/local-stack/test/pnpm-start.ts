// Test support: a root `pnpm …` command (`pnpm start`, `pnpm ingress`, …) run as a user or a process
// manager runs it, detached in its own process group so a test can tell whether anything it started is
// still running once the command has exited, and kill it all if a test fails.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@event-lake/test-kit';
import { killProcessGroup } from './process-group.js';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface PnpmRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Waits for output matching `pattern`; throws with the output so far on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Exit code, after every line of output was read (never, while something else holds the pipes). */
  exited: Promise<number | null>;
  /** Exit code (or the signal's name) of pnpm itself, at once. */
  pnpmExited: Promise<number | string | null>;
  /** The command lines of the processes of the command's process group still running (Linux /proc). */
  running(): string[];
  /**
   * What is still running once tsx's esbuild helpers, which exit on their own when their parent's pipe
   * closes, have had `graceMs` to do so; the stack's own processes must already be gone when pnpm exits.
   */
  leftRunning(graceMs?: number): Promise<{ atExit: string[]; afterGrace: string[] }>;
  kill(): void;
}

const ESBUILD_HELPER = /esbuild --service=/;

/** Processes (not zombies) whose process group is `pgid`, as command lines. */
export function groupMembers(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') found.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export function runPnpm(args: readonly string[], env: Record<string, string | undefined>): PnpmRun {
  const run = startProcess('pnpm', args, { cwd: REPO_ROOT, env, detached: true, name: `pnpm ${args.join(' ')}` });
  const { child } = run;
  const pnpmExited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    output: run.output,
    exited: run.exited.then((r) => r.code),
    pnpmExited,
    waitFor: (pattern, timeoutMs = 90_000) => run.waitFor(pattern, timeoutMs),
    running: () => groupMembers(child.pid!),
    async leftRunning(graceMs = 2000) {
      const atExit = groupMembers(child.pid!).filter((cmd) => !ESBUILD_HELPER.test(cmd));
      const until = Date.now() + graceMs;
      while (groupMembers(child.pid!).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return { atExit, afterGrace: groupMembers(child.pid!) };
    },
    kill: () => killProcessGroup(child),
  };
}

/** The environment of a local-stack test run: free ports, a temporary lake, no inherited Stripe or AWS settings. */
export function stackEnv(lakeDir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0', FIREHOSE_LOCAL_PORT: '0', LAKE_DIR: lakeDir, FIREHOSE_BUFFER_INTERVAL_SECONDS: '1', LOG_FORMAT: 'json', LOG_LEVEL: 'info',
    // About the local path, not deadlines: a busy 2-core CI machine must not turn a slow first call into a 503.
    INGRESS_REQUEST_DEADLINE_MS: '30000',
    ...extra,
  };
  for (const name of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_API_KEY', 'STRIPE_LISTEN_FLAGS', 'STRIPE_LISTEN_EVENTS', 'STRIPE_CLI', 'STRIPE_DEVICE_NAME']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}
