export { runQuery, runNamedQuery, namedQuerySql, type BackendChoice, type LocalBackendChoice, type AthenaBackendChoice } from './run-query.js';
export type { QueryResult, QueryStats } from './result.js';
export { openLocalBackend, type LocalBackend, type LocalBackendOptions } from './local-backend.js';
export { cacheRoot, CACHE_DIR_NAME, type CacheProgress } from './local-cache.js';
export { createAthenaClient, ATHENA_REQUEST_TIMEOUT_MS, type AthenaClientOptions } from './athena-client.js';
export { runAthenaQuery, athenaApiFromClient, type AthenaApi, type AthenaProgress, type AthenaRunOptions } from './athena-backend.js';
export { athenaCostUsd, billedBytes, USD_PER_TB, MIN_BILLED_BYTES } from './athena-cost.js';
export { loadNamedQueries, getNamedQuery, parseNamedQuery, type NamedQuery } from './named-queries.js';
export { bindParams, renderParam, PARAM_TYPES, type ParamSpec, type ParamType } from './params.js';
export { tableDdl, databaseDdl, projectionProperties, DATABASE_NAME, TABLE_NAME, BUCKET_PLACEHOLDER } from './ddl.js';
export { formatResult, OUTPUT_FORMATS, type OutputFormat } from './output-format.js';
export { ATHENA_DIR } from './athena-dir.js';
export { DEDUPE_VIEW, dedupeRuleOver, dedupeViewSql, dedupedEventsSql, expandDedupeLines, hasDedupeLine, type DedupedEventsOptions } from './dedupe-rule.js';
export { DELIVERY_KEY_COLUMNS, eventCompletenessSql } from './delivery-completeness.js';
export * from './errors.js';
export {
  CURATED_TABLE, PENDING_TABLE, CURATED_PARTITION, CURATED_COLUMNS, CURATED_COLUMN_NAMES, PENDING_COLUMNS, CURATED_LOCATION_PLACEHOLDER,
  curatedTableDdl, pendingTableDdl, duckdbType, type CuratedColumn, type CuratedColumnType,
} from './curated-schema.js';
export {
  athenaCurationStatements, athenaRebuildStatements, curatedMergeSql, pendingMergeSql, curationSourceSql, rawWindowCondition, curationWindow,
  ATHENA_CURATION_RELATIONS, DEFAULT_SLACK_HOURS, type CurationRelations, type RawWindow,
} from './curation-sql.js';
export { curateLocal, curatedRoot, readManifest, CURATED_DIR_NAME, type CurationReport, type CurationProgress, type LocalCurationOptions } from './local-curation.js';
export { runCurateCli, parseCurateArgs, CURATE_USAGE, CURATE_EXIT, type CurateEnv, type CurateIo, type CurateDeps } from './curate-cli.js';
export { runQueryCli, QUERY_EXIT, type QueryIo, type QueryDeps } from './run-cli.js';
export { backendFrom, lakeDirFrom, athenaSettingsFrom, type Backend, type AthenaSettings, type AthenaFlags, type LakeEnv } from './lake-settings.js';
