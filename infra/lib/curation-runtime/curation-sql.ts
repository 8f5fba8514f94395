// Every statement the curation function runs, from the query package: the tables' DDL and the MERGE
// statements are the ones `pnpm curate` uses (packages/query/src/curated-schema.ts, curation-sql.ts),
// built from the dedupe view's text bundled into the function. Only what exists on Athena alone is
// written here: the watermark query, the snapshot retention, OPTIMIZE and VACUUM.
import {
  athenaCurationStatements,
  athenaRebuildStatements,
  curatedTableDdl,
  curationWindow,
  CURATED_PARTITION,
  CURATED_TABLE,
  pendingTableDdl,
  PENDING_TABLE,
} from '@event-lake/query';
import { DATABASE_NAME } from '@event-lake/lake-format';
import type { CurationSql } from './curation-run.js';

/**
 * Snapshots VACUUM keeps: two days of merges (time travel with FOR TIMESTAMP AS OF, to look at what a bad
 * run changed) without keeping every 15-minute snapshot's files for Athena's default five days.
 */
export const SNAPSHOT_RETENTION_SECONDS = 2 * 86_400;

const CURATED = `${DATABASE_NAME}.${CURATED_TABLE}`;
const PENDING = `${DATABASE_NAME}.${PENDING_TABLE}`;

export function athenaCurationSql(viewSql: string): CurationSql {
  return {
    newestArrivalSql: (recentDays) => [
      `SELECT max(last_received_at) AS newest_received_at FROM ${CURATED}`,
      ...(recentDays === undefined ? [] : [`WHERE ${CURATED_PARTITION} >= date_add('day', -${recentDays}, current_date)`]),
    ].join('\n'),
    mergeStatements: (watermark, now) => {
      const window = curationWindow(watermark, now);
      return window
        ? { window, statements: athenaCurationStatements(viewSql, window) }
        : { window: undefined, statements: athenaRebuildStatements(viewSql) };
    },
    mergesEvents: (sql) => sql.startsWith(`MERGE INTO ${CURATED} `),
    maintenanceStatements: () => [
      // BIN_PACK rewrites only small files and files with many deletes (Athena's optimize_rewrite_* defaults).
      `OPTIMIZE ${CURATED} REWRITE DATA USING BIN_PACK`,
      `OPTIMIZE ${PENDING} REWRITE DATA USING BIN_PACK`,
      `VACUUM ${CURATED}`,
      `VACUUM ${PENDING}`,
    ],
    tableSetupStatements,
  };
}

/** The CuratedTables resource's statements: the query package's DDL under `location` (s3://…), then the retention. */
export function tableSetupStatements(location: string): string[] {
  return [
    ddlStatement(curatedTableDdl(location)),
    ddlStatement(pendingTableDdl(location)),
    ...[CURATED, PENDING].map((t) => `ALTER TABLE ${t} SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds' = '${SNAPSHOT_RETENTION_SECONDS}')`),
  ];
}

/**
 * The DDL without its leading comment lines and trailing newline: Athena decides how to run a statement
 * (Hive DDL or the query engine) from how its text begins, so the text begins with CREATE.
 */
export function ddlStatement(ddl: string): string {
  return ddl.replace(/^(\s*--[^\n]*\n)+/, '').trim();
}
