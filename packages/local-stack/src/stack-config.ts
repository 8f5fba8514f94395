// Configuration of `pnpm start` and `pnpm send-event`, read once from the environment. firehose-local's own
// variables are parsed by firehose-local (same names, same checks); the stack only changes defaults that suit
// a laptop (a short buffer interval) and adds the ingress side.
import { ConfigError, optional, port, type Env } from '@event-lake/env-config';
import { loadFirehoseLocalConfig, type FirehoseLocalConfig } from '@event-lake/firehose-local';

/**
 * Used when STRIPE_WEBHOOK_SECRET is unset. It only ever protects a developer's local ingress; `pnpm send-event`
 * signs with it by default. `pnpm start --listen` adds the Stripe CLI session secret to the accepted ones.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = 'whsec_local_development_only_not_a_real_secret';
export const DEFAULT_INGRESS_PORT = 3001;
export const LOCAL_BUFFER_INTERVAL_SECONDS = 10;

/** `pretty`: one readable line per log line (the default on a terminal); `json`: pino's lines as they are. */
export type LogFormat = 'pretty' | 'json';

export interface StackConfig {
  ingressPort: number;
  /** Comma-separated, passed to the ingress as is. */
  webhookSecret: string;
  usingDevelopmentSecret: boolean;
  /** Region the ingress signs with; any works against firehose-local. */
  awsRegion: string;
  logFormat: LogFormat;
  firehose: Readonly<FirehoseLocalConfig>;
}

/** `stdoutIsTerminal` picks the log format when LOG_FORMAT does not. */
export function loadStackConfig(env: Env, cwd: string, stdoutIsTerminal = false): Readonly<StackConfig> {
  const firehose = loadFirehoseLocalConfig(
    { ...env, FIREHOSE_BUFFER_INTERVAL_SECONDS: env['FIREHOSE_BUFFER_INTERVAL_SECONDS'] || String(LOCAL_BUFFER_INTERVAL_SECONDS) },
    cwd,
  );
  const secret = optional(env, 'STRIPE_WEBHOOK_SECRET');
  return Object.freeze({
    ingressPort: port(env, 'PORT', DEFAULT_INGRESS_PORT),
    webhookSecret: secret || DEVELOPMENT_WEBHOOK_SECRET,
    usingDevelopmentSecret: !secret,
    awsRegion: optional(env, 'AWS_REGION') ?? 'us-east-1',
    logFormat: logFormat(env, stdoutIsTerminal),
    firehose,
  });
}

function logFormat(env: Env, stdoutIsTerminal: boolean): LogFormat {
  const raw = env['LOG_FORMAT']?.trim().toLowerCase();
  if (!raw) return stdoutIsTerminal ? 'pretty' : 'json';
  if (raw !== 'pretty' && raw !== 'json') throw new ConfigError('LOG_FORMAT', `must be pretty or json, got "${raw}"`);
  return raw;
}
