// The curation function's CloudWatch metrics, declared once: emitted by curation-run.ts (EMF), alarmed
// on and graphed by lib/curation.ts, which imports them rather than copying them.
import { metricFamily, type MetricName } from '@event-lake/cloudwatch-emf';

/** One line per run, its dimension the task the run did. */
export const CURATION_METRICS = metricFamily({
  dimension: 'CurationTask',
  values: ['merge', 'maintain'],
  units: {
    /** 1 per run that finished (merge: the window is in the table; maintain: OPTIMIZE and VACUUM ran), else 0. */
    CurationRunSucceeded: 'Count',
    /** 1 per run that failed (Athena failed or timed out, a commit conflict, bad configuration), else 0. */
    CurationRunFailed: 'Count',
    /** Rows the MERGE wrote (inserted or replaced), as Athena reports them. */
    CurationEventsMerged: 'Count',
    /** From the newest received_at in stripe_events_curated to the end of the run. */
    CurationLagSeconds: 'Seconds',
    /** The whole run, Athena's queue and execution included. */
    CurationRunDuration: 'Milliseconds',
    /** What Athena scanned for the run's queries (what Athena bills, before its 10 MB minimum per query). */
    CurationBytesScanned: 'Bytes',
  },
});

export const CURATION_TASKS = CURATION_METRICS.values;
export type CurationTask = (typeof CURATION_TASKS)[number];
export type CurationMetric = MetricName<typeof CURATION_METRICS>;
