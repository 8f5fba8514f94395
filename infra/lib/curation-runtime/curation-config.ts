// Configuration of the curation function, read once from its environment (set by lib/curation.ts) and
// validated; every failure names the variable, and a run with a bad configuration fails (and alarms)
// instead of guessing.
import { ConfigError, integer, optional, type Env } from '@event-lake/env-config';

export interface CurationConfig {
  /** ATHENA_WORKGROUP: the stack's workgroup (results location and scan cap enforced). */
  readonly workgroup: string;
  /** ATHENA_DATABASE: the stack's Glue database. */
  readonly database: string;
  /** METRICS_NAMESPACE: CloudWatch namespace of the EMF metrics. */
  readonly metricsNamespace: string;
  /** ATHENA_REQUEST_TIMEOUT_MS: one Athena API call, connect to last byte (the SDK has no limit by default). */
  readonly requestTimeoutMs: number;
}

export function loadCurationConfig(env: Env): CurationConfig {
  const required = (name: string, what: string) => {
    const value = optional(env, name);
    if (!value) throw new ConfigError(name, `is required: ${what}`);
    return value;
  };
  return Object.freeze({
    workgroup: required('ATHENA_WORKGROUP', 'the Athena workgroup the curation runs its queries in'),
    database: required('ATHENA_DATABASE', 'the Glue database of stripe_events and stripe_events_curated'),
    metricsNamespace: required('METRICS_NAMESPACE', 'the CloudWatch namespace of the curation metrics'),
    requestTimeoutMs: integer(env, 'ATHENA_REQUEST_TIMEOUT_MS', 10_000, 100, 120_000),
  });
}
