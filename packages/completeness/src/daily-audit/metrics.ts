// Names of the daily audit's CloudWatch metrics: emitted here (EMF), alarmed on in infra's DailyAudit
// construct, which imports them (`@event-lake/completeness/metrics`) rather than copying them.

/** Per event kind (dimension KIND_DIMENSION = v1 | v2), every run. */
export const LISTED_EVENTS_METRIC = 'AuditListedEvents';
export const MISSING_EVENTS_METRIC = 'AuditMissingEvents';
export const INCOMPLETE_EVENTS_METRIC = 'AuditIncompleteEvents';
export const AFTER_WINDOW_EVENTS_METRIC = 'AuditAfterWindowEvents';
/** Per event kind, runs with autoBackfill on. */
export const BACKFILLED_EVENTS_METRIC = 'AuditBackfilledEvents';
export const KIND_DIMENSION = 'Kind';

/** 1 when a run could not audit (dimension RUN_DIMENSION = RUN_DIMENSION_VALUE), 0 when it did. */
export const NOT_CONFIGURED_METRIC = 'AuditNotConfigured';
export const FAILED_METRIC = 'AuditFailed';
/** 1 on every run that audited (whatever it found), 0 otherwise: the heartbeat AuditNotRunning watches. */
export const SUCCEEDED_METRIC = 'AuditSucceeded';
export const RUN_DIMENSION = 'Audit';
export const RUN_DIMENSION_VALUE = 'daily';
