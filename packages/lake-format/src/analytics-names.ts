// Names analysts see, fixed by the product contract and shared by the CDK stack, the DDL and `pnpm query`.

/** Glue/Athena database; DuckDB schema of the same name locally. */
export const DATABASE_NAME = 'event_lake';
/** One row per delivery. */
export const TABLE_NAME = 'stripe_events';
/** The Athena workgroup the CDK stack creates (enforced results location and scan cutoff). */
export const WORKGROUP_NAME = 'event-lake';
