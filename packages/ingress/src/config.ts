// Configuration, read once from an environment-like object and validated. Every failure names the
// variable; secret values are never echoed.
import { DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface IngressConfig {
  readonly port: number;
  /** Signing secrets, any of which may have signed a delivery (rotation, account + Connect endpoints). */
  readonly webhookSecrets: readonly string[];
  readonly deliveryStreamName: string;
  readonly awsRegion: string;
  /** AWS_ENDPOINT_URL_FIREHOSE (or AWS_ENDPOINT_URL); undefined means the real service. */
  readonly firehoseEndpoint: string | undefined;
  /** Dummy credentials for a loopback endpoint when the environment names none (firehose-local ignores them). */
  readonly useLocalCredentials: boolean;
  readonly bodyLimitBytes: number;
  readonly requestDeadlineMs: number;
  readonly signatureToleranceSeconds: number;
  readonly maxInFlightBytes: number;
  readonly batchLingerMs: number;
  readonly maxConcurrentCalls: number;
  readonly firehoseRequestTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A Stripe endpoint signing secret: `whsec_` then base64/hex-like characters. */
const SECRET_SHAPE = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

export function loadConfig(env: Env): IngressConfig {
  const firehoseEndpoint = optionalUrl(env, 'AWS_ENDPOINT_URL_FIREHOSE') ?? optionalUrl(env, 'AWS_ENDPOINT_URL');
  const bodyLimitBytes = integer(env, 'INGRESS_BODY_LIMIT_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024);
  const maxInFlightBytes = integer(env, 'INGRESS_MAX_IN_FLIGHT_BYTES', 64 * 1024 * 1024, 1024 * 1024, 4 * 1024 ** 3);
  // A body and its (escaped) archive lines are both held while a request waits for storage.
  if (maxInFlightBytes < 2 * bodyLimitBytes) {
    throw new ConfigError('INGRESS_MAX_IN_FLIGHT_BYTES', 'must be at least twice INGRESS_BODY_LIMIT_BYTES');
  }
  return Object.freeze({
    port: integer(env, 'PORT', 3001, 0, 65535),
    webhookSecrets: Object.freeze(secrets(env)),
    deliveryStreamName: streamName(env),
    awsRegion: region(env, firehoseEndpoint),
    firehoseEndpoint,
    useLocalCredentials: firehoseEndpoint !== undefined && isLoopback(firehoseEndpoint)
      && !CREDENTIAL_VARIABLES.some((name) => nonEmpty(env[name])),
    bodyLimitBytes,
    requestDeadlineMs: integer(env, 'INGRESS_REQUEST_DEADLINE_MS', 4000, 100, 60_000),
    signatureToleranceSeconds: integer(env, 'STRIPE_SIGNATURE_TOLERANCE_SECONDS', 300, 1, 86_400),
    maxInFlightBytes,
    batchLingerMs: integer(env, 'FIREHOSE_BATCH_LINGER_MS', 5, 0, 1000),
    maxConcurrentCalls: integer(env, 'FIREHOSE_MAX_CONCURRENT_CALLS', 8, 1, 256),
    firehoseRequestTimeoutMs: integer(env, 'FIREHOSE_REQUEST_TIMEOUT_MS', 2000, 100, 60_000),
    shutdownTimeoutMs: integer(env, 'INGRESS_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
    logLevel: logLevel(env),
  });
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function secrets(env: Env): string[] {
  const raw = env['STRIPE_WEBHOOK_SECRET'];
  if (!nonEmpty(raw)) {
    throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'is required (one or more endpoint signing secrets, comma-separated); refusing to start without it');
  }
  const items = raw.split(',').map((s) => s.trim());
  items.forEach((item, i) => {
    if (!SECRET_SHAPE.test(item)) {
      throw new ConfigError('STRIPE_WEBHOOK_SECRET', `item ${i + 1} of ${items.length} does not look like a Stripe signing secret (expected "whsec_" followed by at least 16 letters or digits)`);
    }
  });
  return [...new Set(items)];
}

function streamName(env: Env): string {
  const value = env['FIREHOSE_DELIVERY_STREAM_NAME'];
  if (!nonEmpty(value)) return DEFAULT_DELIVERY_STREAM_NAME;
  // Firehose's own naming rule.
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(value)) {
    throw new ConfigError('FIREHOSE_DELIVERY_STREAM_NAME', 'must be 1-64 characters of letters, digits, "_", "." or "-"');
  }
  return value;
}

function region(env: Env, endpoint: string | undefined): string {
  const value = env['AWS_REGION'];
  if (nonEmpty(value)) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) throw new ConfigError('AWS_REGION', `"${value}" is not an AWS region name`);
    return value;
  }
  // A local endpoint still needs a region to sign requests with; any will do, so default it.
  if (endpoint !== undefined) return 'us-east-1';
  throw new ConfigError('AWS_REGION', 'is required when AWS_ENDPOINT_URL_FIREHOSE is not set (the region of the delivery stream)');
}

function optionalUrl(env: Env, name: string): string | undefined {
  const value = env[name];
  if (!nonEmpty(value)) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  return value;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (!nonEmpty(value)) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const n = Number(value.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function logLevel(env: Env): LogLevel {
  const value = env['LOG_LEVEL'];
  if (!nonEmpty(value)) return 'info';
  const level = LOG_LEVELS.find((l) => l === value.trim().toLowerCase());
  if (!level) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}
