// Runs the Stripe CLI as a child (the shared runner): each output line cleaned (stripe-cli-output.ts) and
// shown, the last lines kept to explain a failure. `stripe listen` stops on SIGINT or SIGTERM, closing its
// websocket (about 1 s).
import { type Env } from '@event-lake/env-config';
import { CliError, runChild, USAGE_EXIT, type ChildRun } from '@event-lake/cli-kit';
import { cleanCliLine, type CliLine } from './stripe-cli-output.js';

const KEPT_LINES = 20;

export interface CliProcess extends ChildRun {
  /** The last cleaned lines, for cliFailure. */
  lines: string[];
  /** Resolves at the CLI's "Ready!" line; never rejects (race it with `exited`). */
  readonly ready: Promise<void>;
}

export function runStripeCli(cli: string, args: readonly string[], env: Env, show: (line: CliLine) => void, captureStdout = false): CliProcess {
  const lines: string[] = [];
  const run = runChild(cli, args, {
    env,
    captureStdout,
    isReadyLine: (raw) => cleanCliLine(raw)?.text.startsWith('Ready!') === true,
    onLine: (raw) => {
      const line = cleanCliLine(raw);
      if (!line) return;
      lines.push(line.text);
      if (lines.length > KEPT_LINES) lines.shift();
      show(line);
    },
  });
  const exited = run.exited.catch((err: Error) => {
    throw new CliError(`cannot run the Stripe CLI ${cli}: ${err.message} (set STRIPE_CLI, or run pnpm install)`, USAGE_EXIT);
  });
  return { ...run, exited, lines };
}
