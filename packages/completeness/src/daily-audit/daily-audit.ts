// The daily audit in AWS: the same audit as `pnpm audit-lake --backend athena --days 3`, run by a
// scheduled Lambda. It reports through Embedded Metric Format lines on stdout (listed, missing and
// incomplete events per kind), which the DailyAudit construct's alarms watch, and with AUTO_BACKFILL=on
// writes what it found through the same writer as `pnpm backfill --apply`.
//
// Fails closed: until an operator stores a live Stripe key in the secret (a test-mode key lists no live
// events, so it would report a complete lake every day), a run logs one line saying so and emits
// AuditNotConfigured = 1, which alarms. Every run that audits emits AuditSucceeded = 1 (the heartbeat).
import type Stripe from 'stripe';
import type { AthenaApi } from '@event-lake/query';
import { auditLake, EVENT_KINDS, eventsToBackfill, type AuditReport, type EventKind } from '../audit.js';
import { deliverySettleMs, resolveWindow } from '../audit-window.js';
import { backfillEvents, type BackfillResult } from '../backfill.js';
import type { OpenedWriter } from '../cli.js';
import { athenaRunSql, openWriter as openFirehoseWriter } from '../composition.js';
import { isLiveStripeApiKey, isStripeApiKey, type Env, type FirehoseTarget } from '../config.js';
import type { RateLimitPolicy } from '../rate-limit.js';
import { createStripeClient } from '../stripe-client.js';
import { loadDailyAuditConfig, type DailyAuditConfig } from './daily-audit-config.js';
import { KIND_METRICS, RUN_METRICS } from './metrics.js';

export interface DailyAuditDeps {
  readonly env: Env;
  readonly now: () => Date;
  /** The secret's current string, or undefined when it has none. */
  readonly readSecret: (arn: string) => Promise<string | undefined>;
  /** One log line (stdout in Lambda: CloudWatch Logs extracts the EMF metrics). */
  readonly log: (line: string) => void;
  /** Defaults to the query layer's AthenaClient; tests pass a fake at the SDK seam. */
  readonly athenaApi?: AthenaApi;
  readonly openWriter?: (target: FirehoseTarget) => Promise<OpenedWriter>;
  readonly createStripe?: (apiKey: string, apiBase: URL | undefined) => Stripe;
  readonly rateLimit?: RateLimitPolicy;
}

export type DailyAuditOutcome =
  | { readonly status: 'not-configured' }
  | { readonly status: 'complete' | 'incomplete'; readonly missing: number; readonly incomplete: number; readonly backfilled: number };

/** Ids in the summary log line at most; the counts are always complete. */
const MAX_IDS_LOGGED = 100;

export async function runDailyAudit(deps: DailyAuditDeps): Promise<DailyAuditOutcome> {
  const config = loadDailyAuditConfig(deps.env);
  const status = (notConfigured: 0 | 1, failed: 0 | 1, fields: Record<string, unknown>) => deps.log(RUN_METRICS.line({
    namespace: config.metricsNamespace,
    dimensionValue: 'daily',
    metrics: { AuditNotConfigured: notConfigured, AuditFailed: failed, AuditSucceeded: 0 },
    at: deps.now(),
    fields,
  }));

  try {
    const apiKey = (await deps.readSecret(config.apiKeySecretArn))?.trim();
    if (!apiKey || !isLiveStripeApiKey(apiKey)) {
      // A test-mode key lists only sandbox events: every run would report "all 0 events" while the lake fills.
      // The value is never logged, not even in part (nor its prefix).
      const problem = apiKey && isStripeApiKey(apiKey) ? 'holds a test-mode Stripe key, which lists no live events' : 'holds no Stripe API key';
      status(1, 0, {
        level: 'error',
        message: `daily audit not run: secret ${config.apiKeySecretArn} ${problem}; store a live restricted key ` +
          '(rk_live_… with Events: Read) in it (docs/operations.md, "Daily audit")',
      });
      return { status: 'not-configured' };
    }
    return await audit(deps, config, apiKey);
  } catch (err) {
    const reason = err instanceof Error ? `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}` : String(err);
    status(0, 1, { level: 'error', message: `daily audit failed: ${reason}` });
    throw err;
  }
}

async function audit(deps: DailyAuditDeps, config: DailyAuditConfig, apiKey: string): Promise<DailyAuditOutcome> {
  const now = deps.now();
  const settleMs = deliverySettleMs(config.bufferIntervalSeconds);
  const window = resolveWindow({ days: String(config.days) }, now, settleMs);
  const stripe = (deps.createStripe ?? ((key, base) => createStripeClient({ apiKey: key, apiBase: base })))(apiKey, config.stripeApiBase);
  const report = await auditLake({
    stripe,
    runSql: athenaRunSql(config.athena, deps.athenaApi),
    now,
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
  }, window, { listUntil: now });

  const toWrite = eventsToBackfill(report);
  const backfill = config.autoBackfill && toWrite.length > 0 ? await write(deps, config.autoBackfill, stripe, report) : undefined;
  const written = new Set(backfill?.written.map((e) => e.id) ?? []);
  for (const kind of EVENT_KINDS) {
    const c = report.byKind[kind];
    deps.log(KIND_METRICS.line({
      namespace: config.metricsNamespace,
      dimensionValue: kind,
      metrics: {
        AuditListedEvents: c.stripe,
        AuditMissingEvents: c.missing,
        AuditIncompleteEvents: c.incomplete,
        AuditAfterWindowEvents: c.afterWindow,
        AuditBackfilledEvents: config.autoBackfill ? toWrite.filter((e) => e.kind === kind && written.has(e.id)).length : undefined,
      },
      at: now,
    }));
  }
  const complete = toWrite.length === 0;
  deps.log(RUN_METRICS.line({
    namespace: config.metricsNamespace,
    dimensionValue: 'daily',
    // The heartbeat: AuditNotSucceeding alarms when no run has sent this for 26 h.
    metrics: { AuditNotConfigured: 0, AuditFailed: 0, AuditSucceeded: 1 },
    at: now,
    fields: summary(report, complete, backfill),
  }));
  return {
    status: complete ? 'complete' : 'incomplete',
    missing: report.missing.length,
    incomplete: report.incomplete.length,
    backfilled: written.size,
  };
}

async function write(deps: DailyAuditDeps, target: FirehoseTarget, stripe: Stripe, report: AuditReport): Promise<BackfillResult> {
  const opened = await (deps.openWriter ?? openFirehoseWriter)(target);
  try {
    return await backfillEvents({ stripe, writer: opened.writer, now: deps.now, ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}) }, eventsToBackfill(report));
  } finally {
    await opened.close();
  }
}

function summary(report: AuditReport, complete: boolean, backfill: BackfillResult | undefined): Record<string, unknown> {
  const ids = (kind: EventKind, list: AuditReport['missing']) => list.filter((e) => e.kind === kind).slice(0, MAX_IDS_LOGGED).map((e) => e.id);
  return {
    level: complete ? 'info' : 'warn',
    message: complete
      ? `daily audit: the lake holds all ${report.stripe} events Stripe lists for the window`
      : `daily audit: ${report.missing.length} events missing and ${report.incomplete.length} incomplete in the lake` +
        (backfill ? `; backfilled ${backfill.written.length}` : '; run `pnpm backfill --backend athena --apply` or turn on autoBackfill'),
    window: { since: report.window.since.toISOString(), until: report.window.until.toISOString() },
    missing: { v1: ids('v1', report.missing), v2: ids('v2', report.missing) },
    incomplete: { v1: ids('v1', report.incomplete), v2: ids('v2', report.incomplete) },
    ...(backfill ? { backfill: { written: backfill.written.length, skipped: backfill.skipped } } : {}),
  };
}
