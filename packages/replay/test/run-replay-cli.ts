// Runs the real `pnpm replay` entry point (bin/replay.js) as a child process, as a user would.
import { fileURLToPath } from 'node:url';
import { startProcess, type TestProcess } from '@event-lake/test-kit';

const BIN = fileURLToPath(new URL('../bin/replay.js', import.meta.url));

export interface CliRun {
  readonly child: TestProcess['child'];
  /** Resolves when the process has exited (and its output has been read). */
  readonly done: TestProcess['exited'];
}

export function startCli(args: readonly string[], env: Readonly<Record<string, string>>): CliRun {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REPLAY_') && k !== 'LAKE_DIR'));
  const run = startProcess(process.execPath, [BIN, ...args], { env: { ...base, ...env }, name: 'replay' });
  return { child: run.child, done: run.exited };
}

export const runCli = (args: readonly string[], env: Readonly<Record<string, string>>) => startCli(args, env).done;
