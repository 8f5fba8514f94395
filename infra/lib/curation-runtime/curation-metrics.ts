// Names of the curation function's CloudWatch metrics: emitted by curation-run.ts (EMF), alarmed on and
// graphed by lib/curation.ts, which imports them rather than copying them.

/** Dimension of every metric: which task the run did. */
export const TASK_DIMENSION = 'CurationTask';
export const CURATION_TASKS = ['merge', 'maintain'] as const;
export type CurationTask = (typeof CURATION_TASKS)[number];

/** 1 per run that finished (merge: the window is in the table; maintain: OPTIMIZE and VACUUM ran), else 0. */
export const RUN_SUCCEEDED_METRIC = 'CurationRunSucceeded';
/** 1 per run that failed (Athena failed or timed out, a commit conflict, bad configuration), else 0. */
export const RUN_FAILED_METRIC = 'CurationRunFailed';
/** Rows the MERGE wrote (inserted or replaced), as Athena reports them. */
export const EVENTS_MERGED_METRIC = 'CurationEventsMerged';
/** Seconds from the newest received_at in stripe_events_curated to the end of the run. */
export const LAG_METRIC = 'CurationLagSeconds';
/** Milliseconds the run took, Athena's queue and execution included. */
export const DURATION_METRIC = 'CurationRunDuration';
/** Bytes Athena scanned for the run's queries (what Athena bills, before its 10 MB minimum per query). */
export const BYTES_SCANNED_METRIC = 'CurationBytesScanned';
