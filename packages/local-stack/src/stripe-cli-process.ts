// Runs the Stripe CLI as a child: each output line cleaned (stripe-cli-output.ts) and shown, the last lines
// kept to explain a failure. `stripe listen` stops on SIGINT or SIGTERM, closing its websocket (about 1 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CliError, USAGE_EXIT, type Env } from '@event-lake/env-config';
import { cleanCliLine, type CliLine } from './stripe-cli-output.js';

const KEPT_LINES = 20;

export interface CliProcess {
  child: ChildProcess;
  /** Resolves on 'close' (every line read), with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The last cleaned lines, for cliFailure. */
  lines: string[];
  /** Resolves at the CLI's "Ready!" line; never rejects (race it with `exited`). */
  ready: Promise<void>;
  /** The whole of stdout when `captureStdout` (never shown). */
  stdout(): string;
  stop(timeoutMs: number): Promise<void>;
}

export function runStripeCli(cli: string, args: readonly string[], env: Env, show: (line: CliLine) => void, captureStdout = false): CliProcess {
  const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let captured = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const take = (raw: string) => {
    const line = cleanCliLine(raw);
    if (!line) return;
    lines.push(line.text);
    if (lines.length > KEPT_LINES) lines.shift();
    if (line.text.startsWith('Ready!')) onReady();
    show(line);
  };
  if (captureStdout) child.stdout!.on('data', (d: Buffer) => (captured += d.toString('utf8')));
  else createInterface({ input: child.stdout! }).on('line', take);
  createInterface({ input: child.stderr! }).on('line', take);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (err) => reject(new CliError(`cannot run the Stripe CLI ${cli}: ${err.message} (set STRIPE_CLI, or run pnpm install)`, USAGE_EXIT)));
    child.once('close', (code) => resolve(code));
  });
  return {
    child,
    exited,
    lines,
    ready,
    stdout: () => captured,
    async stop(timeoutMs) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}
