// Where the Stripe CLI binary is. `@stripe/cli` (pinned in the root package.json) ships the Go binary in
// per-platform optional dependencies (`@stripe/cli-linux-x64`, …), so `pnpm install` brings it from the
// registry alone; its postinstall, which would download from GitHub when the platform package is missing,
// is not run (`ignoredBuiltDependencies`). The binary is run directly rather than through the package's
// `stripe` shim: the shim waits in spawnSync, so a signal to it would end the shim and orphan the CLI.
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '@event-lake/env-config';
import { UsageError } from '@event-lake/cli-kit';

interface PlatformEntry {
  pkg: string;
  bin: string;
}

/** `STRIPE_CLI` when set (a path to the user's own `stripe`), else the workspace's pinned binary. */
export function stripeCliBinary(stripeCli: string | undefined, platform = `${process.platform}-${process.arch}`): string {
  if (stripeCli !== undefined) {
    try {
      accessSync(stripeCli, constants.X_OK);
    } catch {
      throw new ConfigError('STRIPE_CLI', `${stripeCli} is not an executable file`);
    }
    return stripeCli;
  }
  const require = createRequire(import.meta.url);
  let wrapperManifest: string;
  try {
    wrapperManifest = require.resolve('@stripe/cli/package.json');
  } catch {
    throw new UsageError('the Stripe CLI (@stripe/cli) is not installed: run pnpm install, or set STRIPE_CLI to your own stripe binary');
  }
  const platforms = JSON.parse(readFileSync(join(dirname(wrapperManifest), 'platforms.json'), 'utf8')) as Record<string, PlatformEntry | undefined>;
  const entry = platforms[platform];
  if (!entry) throw new UsageError(`@stripe/cli has no binary for ${platform}: set STRIPE_CLI to your own stripe binary`);
  try {
    const platformManifest = createRequire(wrapperManifest).resolve(`${entry.pkg}/package.json`);
    return join(dirname(platformManifest), 'bin', entry.bin);
  } catch {
    throw new UsageError(`${entry.pkg} (the Stripe CLI binary for ${platform}) is not installed: run pnpm install, or set STRIPE_CLI to your own stripe binary`);
  }
}
