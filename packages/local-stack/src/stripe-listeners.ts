// The `stripe listen` processes of `pnpm start --listen`: one per kind of event (snapshot, thin), each
// forwarding to the ingress with the user's STRIPE_LISTEN_FLAGS. `ended` settles when one of them ends on
// its own (the stack then stops); `stop` ends them all, before the stack stops.
import type { Env } from '@event-lake/env-config';
import type { CliError } from '@event-lake/cli-kit';
import type { ListenConfig, ListenerKind } from './listen-config.js';
import { listenerArgs } from './listen-commands.js';
import { runStripeCli, type CliProcess } from './stripe-cli-process.js';
import { cliFailure } from './stripe-cli-failure.js';
import type { CliLine } from './stripe-cli-output.js';

export interface StripeListeners {
  /** Resolves once every listener printed "Ready!" (its websocket is connected). */
  ready: Promise<void>;
  /** Resolves with why, when a listener ends without being stopped. */
  ended: Promise<CliError>;
  stop(timeoutMs: number): Promise<void>;
}

export function startListeners(listen: ListenConfig, ingressPort: number, env: Env, show: (kind: ListenerKind, line: CliLine) => void): StripeListeners {
  let stopping = false;
  const runs: CliProcess[] = [];
  const ended = new Promise<CliError>((resolve) => {
    for (const listener of listen.listeners) {
      const run = runStripeCli(listen.cli, listenerArgs(listener, ingressPort, listen.flags), env, (line) => show(listener.kind, line));
      runs.push(run);
      const what = `stripe listen (${listener.kind})`;
      run.exited.then(
        (code) => {
          if (!stopping) resolve(cliFailure(`${what} ended (exit code ${code ?? 'none'})`, run.lines, code));
        },
        (err: CliError) => resolve(err),
      );
    }
  });
  return {
    ready: Promise.all(runs.map((r) => r.ready)).then(() => undefined),
    ended,
    async stop(timeoutMs) {
      stopping = true;
      await Promise.all(runs.map((r) => r.stop(timeoutMs)));
    },
  };
}
