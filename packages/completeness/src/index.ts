export {
  auditLake, compareWithLake, eventsToBackfill, EVENT_KINDS,
  type AuditReport, type AuditDeps, type AuditOptions, type EventKind, type KindCounts, type ListedEvent, type TypeCounts,
} from './audit.js';
export {
  resolveWindow, deliverySettleMs, mayStillBeBuffered, WindowError, STRIPE_EVENTS_RETENTION_DAYS, DEFAULT_WINDOW_DAYS,
  DELIVERY_MARGIN_SECONDS, type AuditWindow, type WindowFlags,
} from './audit-window.js';
export { backfillEvents, BackfillWriteError, type ArchiveWriter, type BackfillDeps, type BackfillResult, type BackfillProgress, type BackfillSkip } from './backfill.js';
export { backfillLines, backfillDeliveryId } from './backfill-record.js';
export { waitForDelivery, type DeliveryWaitDeps, type DeliveryWaitResult } from './delivery-wait.js';
export { runCli, type CliDeps, type CliIo, type OpenedWriter } from './cli.js';
export { parseCliArgs, USAGE, type CliArgs } from './cli-args.js';
export { createRealDeps, type RealDepsOptions } from './composition.js';
export { loadConfig, type CompletenessConfig, type FirehoseTarget, type AthenaSettings, type Env } from './config.js';
export * from './errors.js';
export {
  idsInLake, lakePresence, lakePartitionRange, LAKE_TABLE, MAX_IDS_PER_QUERY,
  type RunSql, type PartitionRange, type OpenedLake, type LakePresence,
} from './lake-index.js';
export { DEFAULT_RATE_LIMIT_POLICY, retryOnRateLimit, rateLimitDelayMs, type RateLimitPolicy } from './rate-limit.js';
export { createStripeClient, stripeHostSettings, type StripeClientOptions } from './stripe-client.js';
export { listStripeEvents, resumableListing, PAGE_SIZE, type ListFilters, type ListingProgress, type ListOptions } from './stripe-event-listing.js';
export { listThinEvents, type ThinEvent, type ThinListOptions } from './thin-event-listing.js';
