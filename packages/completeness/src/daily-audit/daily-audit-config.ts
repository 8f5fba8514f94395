// Configuration of the daily audit Lambda, read once from its environment (set by infra's DailyAudit
// construct) and validated. Every failure names the variable. The Stripe key is not here: it is read
// from Secrets Manager on each run, so setting it needs no redeploy.
import { ConfigError, optional, type Env } from '@event-lake/env-config';
import { athenaSettingsFrom } from '@event-lake/query';
import { apiBase, bufferInterval, firehoseTarget, type AthenaSettings, type FirehoseTarget } from '../config.js';
import { STRIPE_EVENTS_RETENTION_DAYS } from '../audit-window.js';

export interface DailyAuditConfig {
  /** Secrets Manager secret holding the restricted key (rk_live_… with Events: Read). */
  readonly apiKeySecretArn: string;
  readonly stripeApiBase: URL | undefined;
  readonly athena: AthenaSettings;
  /** FIREHOSE_BUFFER_INTERVAL_SECONDS: the stack passes its bufferIntervalSeconds setting. */
  readonly bufferIntervalSeconds: number;
  /** AUDIT_DAYS, default 3. */
  readonly days: number;
  /** AUTO_BACKFILL=on writes what the audit found through the delivery stream; off by default. */
  readonly autoBackfill: FirehoseTarget | undefined;
  /** CloudWatch namespace of the EMF metrics. */
  readonly metricsNamespace: string;
}

export const DEFAULT_AUDIT_DAYS = 3;

export function loadDailyAuditConfig(env: Env): DailyAuditConfig {
  const arn = optional(env, 'STRIPE_API_KEY_SECRET_ARN');
  if (!arn || !/^arn:aws[a-z-]*:secretsmanager:/.test(arn)) {
    throw new ConfigError('STRIPE_API_KEY_SECRET_ARN', `must be a Secrets Manager secret ARN, got ${arn ? `"${arn}"` : 'nothing'}`);
  }
  const athena = athenaSettingsFrom(env);
  if (!athena.workgroup) throw new ConfigError('ATHENA_WORKGROUP', 'is required: the workgroup the audit queries the lake in');
  const namespace = optional(env, 'METRICS_NAMESPACE');
  if (!namespace) throw new ConfigError('METRICS_NAMESPACE', 'is required: the CloudWatch namespace of the audit metrics');
  return Object.freeze({
    apiKeySecretArn: arn,
    stripeApiBase: apiBase(env),
    athena,
    bufferIntervalSeconds: bufferInterval(env),
    days: auditDays(env),
    autoBackfill: autoBackfill(env),
    metricsNamespace: namespace,
  });
}

function auditDays(env: Env): number {
  const raw = optional(env, 'AUDIT_DAYS');
  if (raw === undefined) return DEFAULT_AUDIT_DAYS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > STRIPE_EVENTS_RETENTION_DAYS) {
    throw new ConfigError('AUDIT_DAYS', `must be a whole number of days from 1 to ${STRIPE_EVENTS_RETENTION_DAYS}, got "${raw}"`);
  }
  return n;
}

function autoBackfill(env: Env): FirehoseTarget | undefined {
  const raw = optional(env, 'AUTO_BACKFILL') ?? 'off';
  if (raw === 'off') return undefined;
  if (raw !== 'on') throw new ConfigError('AUTO_BACKFILL', `must be on or off, got "${raw}"`);
  const target = firehoseTarget(env);
  if (target instanceof ConfigError) throw target;
  return target;
}
