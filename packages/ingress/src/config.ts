// Configuration, read once from an environment-like object and validated. Every failure names the
// variable; secret values are never echoed.
import { ConfigError, nonEmpty, type Env } from './env-vars.js';
import { firehoseEndpoint, loadFirehoseTarget } from './firehose-target.js';

export { ConfigError } from './env-vars.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface IngressConfig {
  /** Address to listen on: all interfaces unless AWS_LAMBDA_HTTP_ENDPOINT names one. */
  readonly listenHost: string;
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

/** A Stripe endpoint signing secret: `whsec_` then base64/hex-like characters. */
const SECRET_SHAPE = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env): IngressConfig {
  // The endpoint is checked first, as it always was; loadFirehoseTarget below checks it again.
  firehoseEndpoint(env);
  const bodyLimitBytes = integer(env, 'INGRESS_BODY_LIMIT_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024);
  const maxInFlightBytes = integer(env, 'INGRESS_MAX_IN_FLIGHT_BYTES', 64 * 1024 * 1024, 1024 * 1024, 4 * 1024 ** 3);
  // A body and its (escaped) archive lines are both held while a request waits for storage.
  if (maxInFlightBytes < 2 * bodyLimitBytes) {
    throw new ConfigError('INGRESS_MAX_IN_FLIGHT_BYTES', 'must be at least twice INGRESS_BODY_LIMIT_BYTES');
  }
  const { host: listenHost, port } = listenAddress(env);
  const webhookSecrets = Object.freeze(secrets(env));
  const firehose = loadFirehoseTarget(env);
  return Object.freeze({
    listenHost,
    port,
    webhookSecrets,
    deliveryStreamName: firehose.deliveryStreamName,
    awsRegion: firehose.region,
    firehoseEndpoint: firehose.endpoint,
    useLocalCredentials: firehose.useLocalCredentials,
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

/**
 * AWS Lambda Web Functions give the address as AWS_LAMBDA_HTTP_ENDPOINT (`host:port`, IPv6 hosts in
 * brackets) and leave PORT unset; everywhere else PORT applies and the ingress listens on all interfaces.
 */
function listenAddress(env: Env): { host: string; port: number } {
  const endpoint = env['AWS_LAMBDA_HTTP_ENDPOINT'];
  if (!nonEmpty(endpoint)) return { host: '0.0.0.0', port: integer(env, 'PORT', 3001, 0, 65535) };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(endpoint.trim());
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65535) {
    throw new ConfigError('AWS_LAMBDA_HTTP_ENDPOINT', `must be host:port (IPv6 host in brackets), got "${endpoint}"`);
  }
  return { host: (m[1] ?? m[2])!, port };
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
