// Runs the real `pnpm replay` entry point (bin/replay.js) as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/replay.js', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: readonly string[], env: Readonly<Record<string, string>>): CliRun {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REPLAY_') && k !== 'LAKE_DIR'));
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export const runCli = (args: readonly string[], env: Readonly<Record<string, string>>) => startCli(args, env).done;
