// Configuration, read once from an environment-like object and validated. Every failure names the
// variable; the API key is never echoed. The Firehose variables mean what they mean for the ingress
// (same names, same defaults), so the backfill writes into the same delivery stream.
import path from 'node:path';
import { DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import { ConfigError } from './errors.js';
import { stripeHostSettings } from './stripe-client.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface FirehoseTarget {
  readonly deliveryStreamName: string;
  readonly region: string;
  /** AWS_ENDPOINT_URL_FIREHOSE (or AWS_ENDPOINT_URL); undefined means the real service. */
  readonly endpoint: string | undefined;
  /** Static credentials from the environment object; undefined means the SDK's default chain. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
}

export interface CompletenessConfig {
  readonly stripeApiKey: string;
  readonly stripeApiBase: URL | undefined;
  /** Absolute: LAKE_DIR (default ./lake) resolved against the directory the user ran pnpm in. */
  readonly lakeDir: string;
  /** The delivery stream, or why it cannot be used; only `backfill --apply` needs it, so only it fails. */
  readonly firehose: FirehoseTarget | ConfigError;
  /** For `--backend athena`: the same variables `pnpm query` reads. */
  readonly athena: AthenaSettings;
}

export interface AthenaSettings {
  readonly region: string | undefined;
  readonly workgroup: string | undefined;
  readonly database: string | undefined;
  readonly outputLocation: string | undefined;
}

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** `cwd` is where the process runs; pnpm --filter runs scripts in the package, INIT_CWD is the user's. */
export function loadConfig(env: Env, cwd: string): CompletenessConfig {
  return Object.freeze({
    stripeApiKey: apiKey(env),
    stripeApiBase: apiBase(env),
    lakeDir: path.resolve(nonEmpty(env['INIT_CWD']) ? env['INIT_CWD'] : cwd, nonEmpty(env['LAKE_DIR']) ? env['LAKE_DIR'] : './lake'),
    firehose: firehoseTarget(env),
    athena: Object.freeze({
      region: optional(env, 'AWS_REGION'),
      workgroup: optional(env, 'ATHENA_WORKGROUP'),
      database: optional(env, 'ATHENA_DATABASE'),
      outputLocation: optional(env, 'ATHENA_OUTPUT_LOCATION'),
    }),
  });
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return nonEmpty(value) ? value.trim() : undefined;
}

function apiKey(env: Env): string {
  const key = env['STRIPE_API_KEY'];
  if (!nonEmpty(key)) {
    throw new ConfigError(
      'STRIPE_API_KEY is required: a restricted key (rk_…) with read access to Events; refusing to start without it',
    );
  }
  if (!/^(rk|sk)_(test|live)_[A-Za-z0-9]+$/.test(key.trim())) {
    throw new ConfigError('STRIPE_API_KEY does not look like a Stripe API key (expected rk_test_…, rk_live_…, or sk_…)');
  }
  return key.trim();
}

function apiBase(env: Env): URL | undefined {
  const raw = env['STRIPE_API_BASE'];
  if (!nonEmpty(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111, got "${raw}"`);
  }
  try {
    stripeHostSettings(url);
  } catch (err) {
    throw new ConfigError(`STRIPE_API_BASE ${(err as Error).message}`);
  }
  return url;
}

function firehoseTarget(env: Env): FirehoseTarget | ConfigError {
  const endpointName = nonEmpty(env['AWS_ENDPOINT_URL_FIREHOSE']) ? 'AWS_ENDPOINT_URL_FIREHOSE' : 'AWS_ENDPOINT_URL';
  const endpoint = env[endpointName];
  if (nonEmpty(endpoint)) {
    try {
      if (!/^https?:$/.test(new URL(endpoint).protocol)) throw new Error('scheme');
    } catch {
      return new ConfigError(`${endpointName} must be an http(s) URL`);
    }
  }
  const name = nonEmpty(env['FIREHOSE_DELIVERY_STREAM_NAME']) ? env['FIREHOSE_DELIVERY_STREAM_NAME'] : DEFAULT_DELIVERY_STREAM_NAME;
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(name)) {
    return new ConfigError('FIREHOSE_DELIVERY_STREAM_NAME must be 1-64 characters of letters, digits, "_", "." or "-"');
  }
  const region = env['AWS_REGION'];
  if (nonEmpty(region) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return new ConfigError(`AWS_REGION "${region}" is not an AWS region name`);
  if (!nonEmpty(region) && !nonEmpty(endpoint)) {
    return new ConfigError('AWS_REGION is required to write to the delivery stream (or set AWS_ENDPOINT_URL_FIREHOSE to a local endpoint)');
  }
  return Object.freeze({
    deliveryStreamName: name,
    // A local endpoint still needs a region to sign requests with; any will do.
    region: nonEmpty(region) ? region : 'us-east-1',
    endpoint: nonEmpty(endpoint) ? endpoint : undefined,
    credentials: credentials(env, nonEmpty(endpoint) ? endpoint : undefined),
  });
}

function credentials(env: Env, endpoint: string | undefined): FirehoseTarget['credentials'] {
  const id = env['AWS_ACCESS_KEY_ID'];
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  if (nonEmpty(id) && nonEmpty(secret)) {
    const token = env['AWS_SESSION_TOKEN'];
    return { accessKeyId: id, secretAccessKey: secret, ...(nonEmpty(token) ? { sessionToken: token } : {}) };
  }
  // firehose-local ignores signatures: a loopback endpoint with no credentials configured gets dummy ones.
  if (endpoint !== undefined && isLoopback(endpoint) && !CREDENTIAL_VARIABLES.some((n) => nonEmpty(env[n]))) {
    return { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return undefined;
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
