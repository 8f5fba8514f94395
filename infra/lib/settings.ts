// Deployment settings: one typed, frozen object with documented defaults. bin/ fills it from CDK context
// (`cdk deploy -c archiveTransitionDays=180`); tests pass it directly. Every bad value fails synth with a
// message naming the context key. A new setting needs its interface entry, default, validation and a row in
// infra/README.md's table: test/settings.test.ts fails until the row shows the default and a bad value fails.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { partnerSourceProblem } from '@event-lake/eventbridge-consumer/partner-source';
import { BUFFER_INTERVAL_SECONDS, BUFFER_SIZE_MIB, DEFAULT_DELIVERY_STREAM_NAME, PARTITION_KEYS, deliveryStreamNameProblem } from '@event-lake/lake-format';

/** Where the ingress runs in AWS (docs/decisions/0005-ingress-on-web-functions.md). */
export const INGRESS_HOSTINGS = ['web-function', 'function-url'] as const;
export type IngressHosting = (typeof INGRESS_HOSTINGS)[number];

/** Endpoint rate limits Lambda Web Functions accept (requests/s); which are offered varies by region. */
export const WEB_FUNCTION_RATE_LIMITS: readonly number[] = [
  ...Array.from({ length: 10 }, (_, i) => (i + 1) * 100),
  ...Array.from({ length: 9 }, (_, i) => (i + 2) * 1000),
];

export interface EventLakeSettings {
  /** Firehose delivery stream name; the ingress is given the same name. */
  readonly deliveryStreamName: string;
  /** Days in S3 Standard before archived events move to Glacier Instant Retrieval. */
  readonly archiveTransitionDays: number;
  /** Days after which archived events are deleted; 0 keeps them forever. */
  readonly archiveExpirationDays: number;
  /** S3 Object Lock (governance mode) retention in days for every new archive object; 0 leaves Object Lock off. */
  readonly archiveObjectLockDays: number;
  /** Days after which records under the Firehose error prefix are deleted. */
  readonly errorExpirationDays: number;
  /** Days after which Athena query results are deleted. */
  readonly athenaResultsExpirationDays: number;
  /** Firehose buffering interval: freshness (small) against fewer, larger objects (large). */
  readonly bufferIntervalSeconds: number;
  /** Firehose buffering size in MiB: whichever of size and interval is reached first flushes. */
  readonly bufferSizeMiB: number;
  /** Athena workgroup cap on bytes scanned per query. */
  readonly bytesScannedCutoffPerQuery: number;
  /** First date Athena's partition projection enumerates (yyyy-MM-dd). */
  readonly projectionStartDate: string;
  /** E-mail address subscribed to alarm notifications; none when empty. */
  readonly alarmEmail: string | undefined;
  /** Extra seconds on top of the buffer interval before DataFreshness alarms. */
  readonly freshnessMarginSeconds: number;
  /** Fraction of the stream's own published limits (bytes, put requests, records per second) at which the "near quota" alarms fire. */
  readonly quotaAlarmRatio: number;
  /** Hours without a single incoming record before the "no events" alarm fires. */
  readonly noEventsAlarmHours: number;
  /** Signature failures per 5 minutes at which the alarm fires. */
  readonly signatureFailureThreshold: number;
  /** Permanent refusals (not_a_stripe_event, invalid_json, payload_too_large, unsupported_media_type) per 5 minutes at which the alarm fires. */
  readonly permanentRefusalThreshold: number;
  /** Days CloudWatch keeps the ingress and Firehose logs. */
  readonly logRetentionDays: number;
  /** Concurrency reserved for (and capping) the ingress Lambda; 0 leaves it on the account's shared pool. function-url mode only. */
  readonly ingressReservedConcurrency: number;
  /**
   * The partner event source of a Stripe Amazon EventBridge destination (aws.partner/stripe.com/ed_…): when
   * set, the stack adds the partner bus, rule, queue, dead-letter queue, consumer and alarm; none when unset.
   */
  readonly eventBridgeSourceName: string | undefined;
  /** `on`: a scheduled Lambda audits the lake against Stripe's Events API once a day and alarms (lib/daily-audit.ts). */
  readonly dailyAudit: 'on' | 'off';
  /** `on`: the daily audit also writes what it found missing into the delivery stream (source backfill). */
  readonly dailyAuditAutoBackfill: 'on' | 'off';
  /** Days back the daily audit covers (Stripe lists 30 at most). */
  readonly dailyAuditDays: number;
  /** Hour of the day (UTC) the daily audit starts. */
  readonly dailyAuditHourUtc: number;
  /** `on`: the curated Iceberg tables, their scheduled merge and maintenance, and two alarms (lib/curation.ts). */
  readonly curation: 'on' | 'off';
  /** Minutes between curation runs (lib/curation.ts): how far stripe_events_curated may trail the archive. */
  readonly curationIntervalMinutes: number;
  /** Intervals without a successful curation run before the CurationBehind alarm fires. */
  readonly curationBehindIntervals: number;
  /** web-function (Lambda Web Functions, many requests per environment) or function-url (classic Lambda). */
  readonly ingressHosting: IngressHosting;
  /** Concurrent requests one Web Function environment serves (1-128): more share each Firehose call. */
  readonly webFunctionMaxConcurrency: number;
  /** Flood cap: requests/s the endpoint accepts (WEB_FUNCTION_RATE_LIMITS); above it Lambda refuses and Stripe retries. */
  readonly webFunctionRateLimit: number;
  /** Flood cap: most execution environments at once (≥ 2); 0 leaves it to the account's quota. */
  readonly webFunctionMaxEnvironments: number;
  /** Any new value starts new ingress environments or sandboxes, which read the secret again (rotation). */
  readonly ingressRestartToken: string;
}

const DEFAULTS: EventLakeSettings = {
  deliveryStreamName: DEFAULT_DELIVERY_STREAM_NAME,
  archiveTransitionDays: 90,
  archiveExpirationDays: 7 * 365,
  archiveObjectLockDays: 0,
  errorExpirationDays: 30,
  athenaResultsExpirationDays: 7,
  bufferIntervalSeconds: BUFFER_INTERVAL_SECONDS.default,
  bufferSizeMiB: BUFFER_SIZE_MIB.default,
  bytesScannedCutoffPerQuery: 100 * 1024 ** 3,
  projectionStartDate: PARTITION_KEYS[0].projection.rangeStart,
  alarmEmail: undefined,
  freshnessMarginSeconds: 600,
  quotaAlarmRatio: 0.8,
  noEventsAlarmHours: 6,
  signatureFailureThreshold: 5,
  permanentRefusalThreshold: 1,
  logRetentionDays: 90,
  ingressReservedConcurrency: 0,
  eventBridgeSourceName: undefined,
  dailyAudit: 'on',
  dailyAuditAutoBackfill: 'off',
  dailyAuditDays: 3,
  dailyAuditHourUtc: 6,
  curation: 'on',
  curationIntervalMinutes: 15,
  curationBehindIntervals: 4,
  ingressHosting: 'web-function',
  webFunctionMaxConcurrency: 64,
  webFunctionRateLimit: 1000,
  webFunctionMaxEnvironments: 10,
  ingressRestartToken: '',
};

export class SettingsError extends Error {}

/** Settings that no longer exist, and why: a value left in cdk.json must not look as if it mattered. */
const REMOVED: Readonly<Record<string, string>> = {
  quotaBytesPerSecond: 'the quota alarms read the stream\'s own BytesPerSecondLimit metric',
  quotaPutRequestsPerSecond: 'the quota alarms read the stream\'s own PutRequestsPerSecondLimit metric',
};

/** Defaults overridden by `overrides`, validated. */
export function resolveSettings(overrides: Partial<EventLakeSettings> = {}): EventLakeSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const s: EventLakeSettings = { ...DEFAULTS, ...defined };
  validate(s);
  return Object.freeze(s);
}

/** Reads every setting from CDK context (`-c key=value` arrives as a string, cdk.json values as JSON). */
export function settingsFromContext(tryGetContext: (key: string) => unknown): EventLakeSettings {
  for (const [key, why] of Object.entries(REMOVED)) {
    if (tryGetContext(key) !== undefined) throw new SettingsError(`context ${key}: no longer a setting (${why}); remove it`);
  }
  const overrides: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULTS) as (keyof EventLakeSettings)[]) {
    const raw = tryGetContext(key);
    if (raw === undefined || raw === null || raw === '') continue;
    overrides[key] = typeof DEFAULTS[key] === 'number' ? toNumber(key, raw) : toText(key, raw);
  }
  return resolveSettings(overrides as Partial<EventLakeSettings>);
}

function toNumber(key: string, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n)) throw new SettingsError(`context ${key}: expected a number, got ${JSON.stringify(raw)}`);
  return n;
}

function toText(key: string, raw: unknown): string {
  if (typeof raw !== 'string') throw new SettingsError(`context ${key}: expected a string, got ${JSON.stringify(raw)}`);
  return raw.trim();
}

function validate(s: EventLakeSettings): void {
  const int = (key: keyof EventLakeSettings, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new SettingsError(`${key}: expected an integer from ${min} to ${max}, got ${String(v)}`);
    }
  };
  const streamNameProblem = deliveryStreamNameProblem(s.deliveryStreamName);
  if (streamNameProblem) throw new SettingsError(`deliveryStreamName ${streamNameProblem}, got "${s.deliveryStreamName}"`);
  int('archiveTransitionDays', 1);
  int('archiveExpirationDays', 0);
  // Glacier Instant Retrieval bills at least 90 days; expiring earlier than transition + 90 pays for nothing.
  if (s.archiveExpirationDays !== 0 && s.archiveExpirationDays <= s.archiveTransitionDays) {
    throw new SettingsError(
      `archiveExpirationDays (${s.archiveExpirationDays}) must be 0 (keep forever) or greater than archiveTransitionDays (${s.archiveTransitionDays})`,
    );
  }
  int('archiveObjectLockDays', 0);
  // A version still locked cannot be expired: deleting events before their lock ends is not possible.
  if (s.archiveObjectLockDays > 0 && s.archiveExpirationDays !== 0 && s.archiveExpirationDays < s.archiveObjectLockDays) {
    throw new SettingsError(
      `archiveObjectLockDays (${s.archiveObjectLockDays}) must not exceed archiveExpirationDays (${s.archiveExpirationDays}), unless events are kept forever (0)`,
    );
  }
  int('errorExpirationDays', 1);
  int('athenaResultsExpirationDays', 1);
  int('bufferIntervalSeconds', BUFFER_INTERVAL_SECONDS.min, BUFFER_INTERVAL_SECONDS.max);
  int('bufferSizeMiB', BUFFER_SIZE_MIB.min, BUFFER_SIZE_MIB.max);
  // Athena's own lower bound for the workgroup cutoff is 10 MB.
  int('bytesScannedCutoffPerQuery', 10_000_000);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.projectionStartDate) || Number.isNaN(Date.parse(`${s.projectionStartDate}T00:00:00Z`))) {
    throw new SettingsError(`projectionStartDate: expected yyyy-MM-dd, got "${s.projectionStartDate}"`);
  }
  if (s.alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.alarmEmail)) {
    throw new SettingsError(`alarmEmail: not an e-mail address: "${s.alarmEmail}"`);
  }
  int('freshnessMarginSeconds', 0);
  if (!(s.quotaAlarmRatio > 0 && s.quotaAlarmRatio <= 1)) {
    throw new SettingsError(`quotaAlarmRatio: expected a number in (0, 1], got ${s.quotaAlarmRatio}`);
  }
  int('noEventsAlarmHours', 1, 24);
  int('signatureFailureThreshold', 1);
  int('permanentRefusalThreshold', 1);
  int('ingressReservedConcurrency', 0, 10_000);
  if (s.eventBridgeSourceName !== undefined) {
    const problem = partnerSourceProblem(s.eventBridgeSourceName);
    if (problem) throw new SettingsError(`eventBridgeSourceName: ${problem}`);
  }
  for (const key of ['dailyAudit', 'dailyAuditAutoBackfill', 'curation'] as const) {
    if (s[key] !== 'on' && s[key] !== 'off') throw new SettingsError(`${key}: expected on or off, got "${String(s[key])}"`);
  }
  int('dailyAuditDays', 1, 30);
  int('dailyAuditHourUtc', 0, 23);
  // EventBridge Scheduler's rate() takes whole minutes; a day is the longest interval that still curates daily.
  int('curationIntervalMinutes', 5, 1440);
  // CloudWatch evaluates at most a day of periods for an alarm (evaluationPeriods × period ≤ 86,400 s).
  int('curationBehindIntervals', 1, Math.max(1, Math.floor(1440 / s.curationIntervalMinutes)));
  if (!(INGRESS_HOSTINGS as readonly string[]).includes(s.ingressHosting)) {
    throw new SettingsError(`ingressHosting: expected ${INGRESS_HOSTINGS.join(' or ')}, got "${s.ingressHosting}"`);
  }
  int('webFunctionMaxConcurrency', 1, 128);
  if (!WEB_FUNCTION_RATE_LIMITS.includes(s.webFunctionRateLimit)) {
    throw new SettingsError(`webFunctionRateLimit: expected 100-1000 in steps of 100 or 2000-10000 in steps of 1000, got ${s.webFunctionRateLimit}`);
  }
  if (s.webFunctionMaxEnvironments !== 0) int('webFunctionMaxEnvironments', 2);
  if (!/^[A-Za-z0-9._:-]{0,64}$/.test(s.ingressRestartToken)) {
    throw new SettingsError(`ingressRestartToken: up to 64 characters of A-Z a-z 0-9 . _ : -, got "${s.ingressRestartToken}"`);
  }
  const retentions = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  if (!retentions.includes(s.logRetentionDays)) {
    throw new SettingsError(`logRetentionDays: CloudWatch accepts ${retentions.join(', ')}; got ${s.logRetentionDays}`);
  }
}
