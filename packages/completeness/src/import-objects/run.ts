// `import-objects` from argv and an environment object to an exit code. Progress goes to stderr, the
// summary to stdout. The real Stripe client, lake and Firehose writer come from `deps` (composition.ts),
// so tests run this very code against the fake Stripe API, a temporary lake and firehose-local.
import Stripe from 'stripe';
import type { CliDeps, CliIo } from '../cli.js';
import { loadConfig, type CompletenessConfig, type Env } from '../config.js';
import { EXIT, SourceError } from '../errors.js';
import { ConfigError, nonEmpty } from '@event-lake/env-config';
import { createProgressLine, toolError } from '@event-lake/cli-kit';
import type { RateLimitPolicy } from '../rate-limit.js';
import { IMPORT_USAGE, parseImportArgs, type ImportArgs } from './import-args.js';
import { importObjects, redactKeys, type ImportOutcome } from './import-objects.js';
import { finalProgressText, listTypesText, progressText, summaryJson, summaryText, type ImportSummaryContext } from './import-report.js';
import { lakeModes, modeMismatch } from './lake-mode.js';
import { listedAtOf, runIdOf } from './run-id.js';

export type ImportDepsOfCli = Pick<CliDeps, 'now' | 'cwd' | 'createStripe' | 'openLake' | 'openWriter'> & {
  readonly rateLimit?: RateLimitPolicy;
  /** Aborted on Ctrl-C: no further page is listed; writes in flight are waited for. */
  readonly signal?: AbortSignal;
};

/** Exit code of a run stopped by Ctrl-C (the shell's convention for SIGINT, as replay). */
export const EXIT_INTERRUPTED = 130;

const KEY = /^(rk|sk)_(test|live)_[A-Za-z0-9]+$/;

export async function runImportObjects(argv: readonly string[], env: Env, io: CliIo, deps: ImportDepsOfCli): Promise<number> {
  try {
    const args = parseImportArgs(argv);
    if (args.help) {
      io.stdout.write(`${IMPORT_USAGE}\n`);
      return EXIT.ok;
    }
    if (args.listTypes) {
      io.stdout.write(listTypesText(args.format));
      return EXIT.ok;
    }
    const livemode = keyMode(env);
    const config = loadConfig(env, deps.cwd);
    return await run(args, config, livemode, io, deps);
  } catch (err) {
    const known = toolError(err);
    if (known) {
      io.stderr.write(`import-objects: ${redactKeys(known.message)}\n`);
      return known.exitCode;
    }
    io.stderr.write(`import-objects: failed: ${redactKeys(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT.failure;
  }
}

/** The key's mode (true: live), checked before anything else reads it; its value is never echoed. */
function keyMode(env: Env): boolean {
  const key = env['STRIPE_API_KEY']?.trim();
  if (!nonEmpty(key)) {
    throw new ConfigError('STRIPE_API_KEY', 'is required: a restricted key (rk_live_… or rk_test_…) with read access to the objects to import');
  }
  const m = KEY.exec(key);
  if (!m) throw new ConfigError('STRIPE_API_KEY', 'is not a secret or restricted Stripe key (expected rk_live_…, rk_test_…, sk_live_… or sk_test_…)');
  return m[2] === 'live';
}

async function run(args: ImportArgs, config: CompletenessConfig, livemode: boolean, io: CliIo, deps: ImportDepsOfCli): Promise<number> {
  const now = deps.now();
  const runId = args.runId ?? runIdOf(now);
  const listedAt = args.runId === undefined ? new Date(Math.floor(now.getTime() / 1000) * 1000) : listedAtOf(args.runId, now);
  if (args.apply && config.firehose instanceof ConfigError) throw config.firehose;
  await checkMode(args, config, livemode, deps);

  const mode = args.apply ? 'apply' : 'dry-run';
  const ctx: ImportSummaryContext = {
    mode, runId, listedAt, livemode,
    deliveryStream: config.firehose instanceof ConfigError ? undefined : config.firehose.deliveryStreamName,
  };
  const accounts = [null, ...args.accounts];
  io.stderr.write(
    `import-objects: run ${runId}, ${args.types.length} type(s) for ${accounts.map((a) => a ?? 'the platform').join(', ')}` +
      `${args.apply ? ` into ${ctx.deliveryStream}` : ' (dry run: nothing is written)'}\n`,
  );
  const stripe = deps.createStripe(config);
  const opened = args.apply && !(config.firehose instanceof ConfigError) ? await deps.openWriter(config.firehose) : undefined;
  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY });
  let outcome: ImportOutcome;
  try {
    outcome = await importObjects({
      stripe,
      now: deps.now,
      ...(opened ? { writer: opened.writer } : {}),
      ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (r, final) => {
        if (final) progress.done(finalProgressText(r, mode));
        else progress.update(progressText(r, mode));
      },
    }, { run: { runId, listedAt, apiVersion: Stripe.API_VERSION, livemode }, accounts, types: args.types });
  } catch (err) {
    if (err instanceof Stripe.errors.StripeAuthenticationError) {
      throw new ConfigError('STRIPE_API_KEY', `was refused by Stripe (HTTP ${err.statusCode ?? 401}): ${redactKeys(err.message)}`);
    }
    throw err;
  } finally {
    progress.done();
    await opened?.close();
  }
  io.stdout.write(args.format === 'json' ? summaryJson(outcome, ctx) : summaryText(outcome, ctx));
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  if (outcome.writeFailure !== undefined || outcome.results.some((r) => !r.complete)) return EXIT.failure;
  return outcome.results.some((r) => r.failed > 0) ? EXIT.missingEvents : EXIT.ok;
}

async function checkMode(args: ImportArgs, config: CompletenessConfig, livemode: boolean, deps: ImportDepsOfCli): Promise<void> {
  const lake = await deps.openLake(config, args.backend).catch((err: unknown) => {
    if (toolError(err)) throw err;
    throw new SourceError(`could not open the lake (${args.backend} backend, LAKE_DIR ${config.lakeDir}): ${describe(err)}`, err);
  });
  let mismatch: string | undefined;
  try {
    mismatch = modeMismatch(livemode, await lakeModes(lake.runSql, deps.now()));
  } catch (err) {
    throw new SourceError(`the lake query failed (${args.backend} backend) while checking the key's mode: ${describe(err)}`, err);
  } finally {
    await lake.close();
  }
  if (mismatch) throw new ConfigError('STRIPE_API_KEY', mismatch);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
