// Configuration, read once from an environment-like object and validated. Every failure names the
// variable; secret values are never echoed.
import { ConfigError, integer, logLevel, nonEmpty, oneOf, port, type Env, type LogLevel } from '@event-lake/env-config';
import { firehoseEndpoint, loadFirehoseTarget } from '@event-lake/firehose-writer';
import { isSigningSecret, SIGNING_SECRET_EXPECTED } from './stripe-signature.js';

export type { LogLevel };

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
  /**
   * How long a body may take to arrive before it can be cut (408) when the in-flight byte budget is full; a
   * quarter of it is how long a body may send nothing, and how long a request waits for room (byte-budget.ts).
   */
  readonly bodyGraceMs: number;
  readonly batchLingerMs: number;
  /** Longest a line waits for others while events keep coming (the linger stretches up to this). */
  readonly batchMaxLingerMs: number;
  readonly maxConcurrentCalls: number;
  readonly firehoseRequestTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  /** INGRESS_OPS_ENDPOINTS: GET /ready and GET /metrics are served (on) or answer 404 (off). */
  readonly opsEndpoints: boolean;
}

/**
 * Stripe's deliveries arrive in one go (a few KB, sent at once); a body still arriving after a second, or
 * silent for a quarter of it, is a slow link or an upload that stalls on purpose, and gives way when others
 * need the memory it holds.
 */
export const DEFAULT_BODY_GRACE_MS = 1000;

export function loadConfig(env: Env): IngressConfig {
  // The endpoint is checked first, as it always was; loadFirehoseTarget below checks it again.
  firehoseEndpoint(env);
  const bodyLimitBytes = integer(env, 'INGRESS_BODY_LIMIT_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024);
  const maxInFlightBytes = integer(env, 'INGRESS_MAX_IN_FLIGHT_BYTES', 64 * 1024 * 1024, 1024 * 1024, 4 * 1024 ** 3);
  // A body and its (escaped) archive lines are both held while a request waits for storage.
  if (maxInFlightBytes < 2 * bodyLimitBytes) {
    throw new ConfigError('INGRESS_MAX_IN_FLIGHT_BYTES', 'must be at least twice INGRESS_BODY_LIMIT_BYTES');
  }
  const { host: listenHost, port: listenPort } = listenAddress(env);
  const webhookSecrets = Object.freeze(secrets(env));
  const firehose = loadFirehoseTarget(env);
  return Object.freeze({
    listenHost,
    port: listenPort,
    webhookSecrets,
    deliveryStreamName: firehose.deliveryStreamName,
    awsRegion: firehose.region,
    firehoseEndpoint: firehose.endpoint,
    useLocalCredentials: firehose.useLocalCredentials,
    bodyLimitBytes,
    requestDeadlineMs: integer(env, 'INGRESS_REQUEST_DEADLINE_MS', 4000, 100, 60_000),
    signatureToleranceSeconds: integer(env, 'STRIPE_SIGNATURE_TOLERANCE_SECONDS', 300, 1, 86_400),
    maxInFlightBytes,
    bodyGraceMs: integer(env, 'INGRESS_BODY_GRACE_MS', DEFAULT_BODY_GRACE_MS, 50, 60_000),
    batchLingerMs: integer(env, 'FIREHOSE_BATCH_LINGER_MS', 5, 0, 1000),
    batchMaxLingerMs: integer(env, 'FIREHOSE_BATCH_MAX_LINGER_MS', 25, 0, 1000),
    maxConcurrentCalls: integer(env, 'FIREHOSE_MAX_CONCURRENT_CALLS', 8, 1, 256),
    firehoseRequestTimeoutMs: integer(env, 'FIREHOSE_REQUEST_TIMEOUT_MS', 2000, 100, 60_000),
    shutdownTimeoutMs: integer(env, 'INGRESS_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
    logLevel: logLevel(env),
    opsEndpoints: oneOf(env, 'INGRESS_OPS_ENDPOINTS', ['on', 'off'], 'on') === 'on',
  });
}

/**
 * AWS Lambda Web Functions give the address as AWS_LAMBDA_HTTP_ENDPOINT (`host:port`, IPv6 hosts in
 * brackets) and leave PORT unset; everywhere else PORT applies and the ingress listens on all interfaces.
 */
function listenAddress(env: Env): { host: string; port: number } {
  const endpoint = env['AWS_LAMBDA_HTTP_ENDPOINT'];
  if (!nonEmpty(endpoint)) return { host: '0.0.0.0', port: port(env, 'PORT', 3001) };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(endpoint.trim());
  const endpointPort = Number(m?.[3]);
  if (!m || endpointPort < 1 || endpointPort > 65535) {
    throw new ConfigError('AWS_LAMBDA_HTTP_ENDPOINT', `must be host:port (IPv6 host in brackets), got "${endpoint}"`);
  }
  return { host: (m[1] ?? m[2])!, port: endpointPort };
}

function secrets(env: Env): string[] {
  const raw = env['STRIPE_WEBHOOK_SECRET'];
  if (!nonEmpty(raw)) {
    throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'is required (one or more endpoint signing secrets, comma-separated); refusing to start without it');
  }
  const items = raw.split(',').map((s) => s.trim());
  items.forEach((item, i) => {
    if (!isSigningSecret(item)) {
      throw new ConfigError('STRIPE_WEBHOOK_SECRET', `item ${i + 1} of ${items.length} does not look like a Stripe signing secret (expected ${SIGNING_SECRET_EXPECTED})`);
    }
  });
  return [...new Set(items)];
}
