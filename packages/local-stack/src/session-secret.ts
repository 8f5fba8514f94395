// The signing secret of the user's Stripe CLI session, asked for before anything starts
// (`stripe listen --print-secret`, with the listeners' flags, so the same key, account and mode). One
// secret serves every `stripe listen` of that account and device, so the listeners that start later sign
// with it. It is returned, never shown.
import { type Env } from '@event-lake/env-config';
import { formatSeconds } from '@event-lake/cli-kit';
import { printSecretArgs } from './listen-commands.js';
import { runStripeCli } from './stripe-cli-process.js';
import { cliFailure } from './stripe-cli-failure.js';
import type { CliLine } from './stripe-cli-output.js';

/** The CLI retries an unreachable backend for about 6 s; this bounds a backend that never answers. */
const PRINT_SECRET_TIMEOUT_MS = 30_000;

export async function fetchSessionSecret(cli: string, flags: readonly string[], env: Env, show: (line: CliLine) => void, timeoutMs = PRINT_SECRET_TIMEOUT_MS): Promise<string> {
  const run = runStripeCli(cli, printSecretArgs(flags), env, show, true);
  const timer = setTimeout(() => {
    run.lines.push(`no answer within ${formatSeconds(timeoutMs, 0)}`);
    void run.stop(1000);
  }, timeoutMs);
  const code = await run.exited.finally(() => clearTimeout(timer));
  const secret = run.stdout().trim();
  if (code === 0 && /^whsec_\S+$/.test(secret)) return secret;
  throw cliFailure('stripe listen --print-secret', run.lines, code);
}
