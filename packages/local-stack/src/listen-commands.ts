// The `stripe listen` command lines: those `pnpm start --listen` runs, and those the banner and the docs
// show for running the CLI by hand. Today's CLI needs the events chosen explicitly when forwarding
// (`--all-snapshot`, `--all-thin` or `--events`) and refuses snapshot and thin events on one destination
// from one listener, hence two listeners. test/documented-listen-commands.test.ts runs these and every
// documented line against the pinned CLI.
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import type { Listener } from './listen-config.js';

export function forwardTo(port: number): string {
  return `localhost:${port}${WEBHOOK_PATH}`;
}

/** `--skip-update`: the version is pinned by the lockfile, and the CLI's update check calls GitHub with no timeout. */
export function listenerArgs(listener: Listener, port: number, flags: readonly string[]): string[] {
  return ['listen', '--forward-to', forwardTo(port), ...listener.selection, '--skip-update', ...flags];
}

export function printSecretArgs(flags: readonly string[]): string[] {
  return ['listen', '--print-secret', ...flags];
}

/** What to run by hand instead of `pnpm start --listen` (the banner shows them): the secret first, then a listener per kind. */
export function manualListenCommands(port: number): { secret: string; snapshot: string; thin: string } {
  return {
    secret: 'STRIPE_WEBHOOK_SECRET=$(pnpm exec stripe listen --print-secret) pnpm start',
    snapshot: `pnpm exec stripe listen --all-snapshot --forward-to ${forwardTo(port)}`,
    thin: `pnpm exec stripe listen --all-thin --forward-to ${forwardTo(port)}`,
  };
}
