// Configuration, read once from an environment-like object and validated. Every failure names the
// variable; the API key is never echoed. The Firehose variables are read by the writer's
// loadFirehoseTarget, as in the ingress (same names, same checks, same defaults), so the backfill writes into the same
// delivery stream.
import { BUFFER_INTERVAL_SECONDS } from '@event-lake/lake-format';
import { ConfigError, nonEmpty, type Env } from '@event-lake/env-config';
import { secondsVariable, UsageError } from '@event-lake/cli-kit';
import { athenaSettingsFrom, lakeDirFrom, type AthenaSettings } from '@event-lake/query';
import { LOCAL_CREDENTIALS, loadFirehoseTarget, type FirehoseTarget as StreamTarget } from '@event-lake/firehose-writer';
import { stripeHostSettings } from './stripe-client.js';

export type { Env, AthenaSettings };

/** The delivery stream to write to (stream, region, endpoint), with the credentials to give the client. */
export interface FirehoseTarget extends Omit<StreamTarget, 'useLocalCredentials'> {
  /**
   * Static credentials: the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair of the environment object, or
   * dummies for a loopback endpoint when the environment names no credentials; undefined means the SDK's
   * default chain.
   */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
}

export interface CompletenessConfig {
  readonly stripeApiKey: string;
  readonly stripeApiBase: URL | undefined;
  /** Absolute: LAKE_DIR (default ./lake) resolved against the directory the user ran pnpm in. */
  readonly lakeDir: string;
  /** The delivery stream, or why it cannot be used; only `backfill --apply` needs it, so only it fails. */
  readonly firehose: FirehoseTarget | ConfigError;
  /** For `--backend athena`: the query layer's reading of the Athena variables, or why they are unusable. */
  readonly athena: AthenaSettings | UsageError;
  /**
   * The delivery stream's buffer interval: FIREHOSE_BUFFER_INTERVAL_SECONDS, the variable firehose-local
   * reads (the stack passes its `bufferIntervalSeconds` setting to the daily audit under this name), with
   * the same range and default (lake-format's BUFFER_INTERVAL_SECONDS). The window ends this long (plus a
   * margin) before now.
   */
  readonly bufferIntervalSeconds: number;
}

/** `cwd` is where the process runs; pnpm --filter runs scripts in the package, INIT_CWD is the user's. */
export function loadConfig(env: Env, cwd: string): CompletenessConfig {
  return Object.freeze({
    stripeApiKey: apiKey(env),
    stripeApiBase: apiBase(env),
    lakeDir: lakeDirFrom(undefined, env, cwd),
    firehose: firehoseTarget(env),
    athena: athenaOrError(env),
    bufferIntervalSeconds: bufferInterval(env),
  });
}

export function bufferInterval(env: Env): number {
  const { default: fallback, min, max } = BUFFER_INTERVAL_SECONDS;
  return secondsVariable(env, 'FIREHOSE_BUFFER_INTERVAL_SECONDS', fallback, min, max);
}

/** The Athena settings, or (only `--backend athena` needs them, so only it fails) why they are unusable. */
function athenaOrError(env: Env): AthenaSettings | UsageError {
  try {
    return athenaSettingsFrom(env);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
}

/** A secret or restricted key in test or live mode (never a publishable key). */
export function isStripeApiKey(value: string): boolean {
  return /^(rk|sk)_(test|live)_[A-Za-z0-9]+$/.test(value);
}

/** A live-mode secret or restricted key (a test-mode key lists only sandbox events). */
export function isLiveStripeApiKey(value: string): boolean {
  return isStripeApiKey(value) && /^(rk|sk)_live_/.test(value);
}

function apiKey(env: Env): string {
  const key = env['STRIPE_API_KEY'];
  if (!nonEmpty(key)) {
    throw new ConfigError(
      'STRIPE_API_KEY',
      'is required: a restricted key (rk_…) with read access to Events; refusing to start without it',
    );
  }
  if (!isStripeApiKey(key.trim())) {
    throw new ConfigError('STRIPE_API_KEY', 'does not look like a Stripe API key (expected rk_test_…, rk_live_…, or sk_…)');
  }
  return key.trim();
}

export function apiBase(env: Env): URL | undefined {
  const raw = env['STRIPE_API_BASE'];
  if (!nonEmpty(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('STRIPE_API_BASE', `must be a URL such as http://127.0.0.1:12111, got "${raw}"`);
  }
  try {
    stripeHostSettings(url);
  } catch (err) {
    throw new ConfigError('STRIPE_API_BASE', (err as Error).message);
  }
  return url;
}

export function firehoseTarget(env: Env): FirehoseTarget | ConfigError {
  let target: StreamTarget;
  try {
    target = loadFirehoseTarget(env);
  } catch (err) {
    // The writer's own check, kept for the one command that needs the stream (exit code 2 there).
    if (err instanceof ConfigError) return err;
    throw err;
  }
  const { useLocalCredentials, ...where } = target;
  return Object.freeze({ ...where, credentials: credentials(env, useLocalCredentials) });
}

function credentials(env: Env, useLocalCredentials: boolean): FirehoseTarget['credentials'] {
  // Taken from the environment object rather than left to the SDK, which would read process.env.
  const id = env['AWS_ACCESS_KEY_ID'];
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  if (nonEmpty(id) && nonEmpty(secret)) {
    const token = env['AWS_SESSION_TOKEN'];
    return { accessKeyId: id, secretAccessKey: secret, ...(nonEmpty(token) ? { sessionToken: token } : {}) };
  }
  // firehose-local ignores signatures.
  return useLocalCredentials ? LOCAL_CREDENTIALS : undefined;
}
