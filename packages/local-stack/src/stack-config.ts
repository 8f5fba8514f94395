// Configuration of `pnpm start` and `pnpm send-event`, read once from the environment. firehose-local's own
// variables are parsed by firehose-local (same names, same checks); the stack only changes defaults that suit
// a laptop (a short buffer interval) and adds the ingress side.
import { optional, port, type Env } from '@event-lake/env-config';
import { loadFirehoseLocalConfig, type FirehoseLocalConfig } from '@event-lake/firehose-local';

/**
 * Used when STRIPE_WEBHOOK_SECRET is unset. It only ever protects a developer's local ingress; `pnpm send-event`
 * signs with it by default. With `stripe listen`, set STRIPE_WEBHOOK_SECRET to the secret the CLI prints.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = 'whsec_local_development_only_not_a_real_secret';
export const DEFAULT_INGRESS_PORT = 3001;
export const LOCAL_BUFFER_INTERVAL_SECONDS = 10;

export class StackConfigError extends Error {}

export interface StackConfig {
  ingressPort: number;
  /** Comma-separated, passed to the ingress as is. */
  webhookSecret: string;
  usingDevelopmentSecret: boolean;
  /** Region the ingress signs with; any works against firehose-local. */
  awsRegion: string;
  firehose: Readonly<FirehoseLocalConfig>;
}

export function loadStackConfig(env: Env, cwd: string): Readonly<StackConfig> {
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
    firehose,
  });
}
