// The daily audit's CloudWatch metrics, declared once: emitted by daily-audit.ts (EMF), alarmed on in
// infra's DailyAudit construct, which imports them (`@event-lake/completeness/metrics`) rather than
// copying them. Every one is a count.
import { counts, metricFamily, type MetricName } from '@event-lake/cloudwatch-emf';

/**
 * One line per event kind, every run: what Stripe listed, what the lake lacks or holds only in part, what
 * was created after the window (not compared); AuditBackfilledEvents only in runs with autoBackfill on.
 */
export const KIND_METRICS = metricFamily({
  dimension: 'Kind',
  values: ['v1', 'v2'],
  units: counts('AuditListedEvents', 'AuditMissingEvents', 'AuditIncompleteEvents', 'AuditAfterWindowEvents', 'AuditBackfilledEvents'),
});

/**
 * One line per run, whatever its outcome: AuditNotConfigured is 1 when the run could not audit (its secret
 * holds no live key), AuditFailed 1 when it failed, AuditSucceeded 1 when it audited (whatever it found),
 * each 0 otherwise. AuditSucceeded is the heartbeat AuditNotSucceeding watches.
 */
export const RUN_METRICS = metricFamily({
  dimension: 'Audit',
  values: ['daily'],
  units: counts('AuditNotConfigured', 'AuditFailed', 'AuditSucceeded'),
});

export type AuditMetric = MetricName<typeof KIND_METRICS> | MetricName<typeof RUN_METRICS>;
