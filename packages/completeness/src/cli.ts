// `audit-lake` and `backfill` as one function: flags and an environment object in, an exit code out.
// The real Stripe client, query layer and Firehose writer come from `deps` (see composition.ts), so
// tests run the very same code against the fake Events API, a temporary lake and firehose-local.
import Stripe from 'stripe';
import { auditLake, eventsToBackfill, type AuditReport } from './audit.js';
import { deliverySettleMs, mayStillBeBuffered, resolveWindow, WindowError } from './audit-window.js';
import { backfillEvents, BackfillWriteError, type ArchiveWriter, type BackfillResult } from './backfill.js';
import type { Backend } from '@event-lake/query';
import { parseCliArgs, USAGE, type CliArgs } from './cli-args.js';
import { loadConfig, type CompletenessConfig, type Env, type FirehoseTarget } from './config.js';
import { waitForDelivery, type DeliveryWaitResult } from './delivery-wait.js';
import { EXIT, SourceError } from './errors.js';
import type { OpenedLake } from './lake-index.js';
import { ConfigError } from '@event-lake/env-config';
import { createProgressLine, formatSeconds, toolError, UsageError, type ToolIo } from '@event-lake/cli-kit';
import type { RateLimitPolicy } from './rate-limit.js';
import { auditJson, auditText, backfillText, isComplete, type BackfillOutcome } from './report.js';

export type CliIo = ToolIo;

export interface OpenedWriter {
  readonly writer: ArchiveWriter;
  close(): Promise<void>;
}

/** The real parts, built from the validated configuration. */
export interface CliDeps {
  readonly now: () => Date;
  readonly cwd: string;
  createStripe(config: CompletenessConfig): Stripe;
  openLake(config: CompletenessConfig, backend: Backend): Promise<OpenedLake>;
  openWriter(target: FirehoseTarget): Promise<OpenedWriter>;
  readonly rateLimit?: RateLimitPolicy;
  /** Defaults to setTimeout; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export async function runCli(argv: readonly string[], env: Env, io: CliIo, deps: CliDeps): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const config = loadConfig(env, deps.cwd);
    return await run(args, config, io, deps);
  } catch (err) {
    const known = toolError(err);
    if (known) {
      io.stderr.write(`${args0(argv)}: ${known.message}${known instanceof UsageError ? ' (--help for the options)' : ''}\n`);
      return known.exitCode;
    }
    io.stderr.write(`${args0(argv)}: failed: ${describe(err)}\n`);
    return EXIT.failure;
  }
}

async function run(args: CliArgs, config: CompletenessConfig, io: CliIo, deps: CliDeps): Promise<number> {
  const now = deps.now();
  const settleMs = deliverySettleMs(config.bufferIntervalSeconds);
  let window;
  try {
    window = resolveWindow(args, now, settleMs);
  } catch (err) {
    if (err instanceof WindowError) throw new UsageError(err.message);
    throw err;
  }
  if (args.until !== undefined && mayStillBeBuffered(window.until, now, settleMs)) {
    io.stderr.write(
      `warning: --until ${window.until.toISOString()} is less than ${formatSeconds(settleMs)} ago (Firehose buffer interval ` +
        `${config.bufferIntervalSeconds} s, FIREHOSE_BUFFER_INTERVAL_SECONDS, plus a margin): recent events may still be buffered, ` +
        'so the audit may report them missing and a backfill may write them a second time\n',
    );
  }
  // Listed past the window's end (up to now at most) only to say how many events fall after it.
  const listUntil = new Date(Math.min(now.getTime(), window.until.getTime() + settleMs));
  // Fail on a bad delivery-stream configuration before paging through Stripe, not after.
  if (args.apply && config.firehose instanceof ConfigError) throw config.firehose;

  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY });
  const stripe = deps.createStripe(config);
  const lake = await deps.openLake(config, args.backend).catch((err: unknown) => {
    if (toolError(err)) throw err;
    throw new SourceError(`could not open the lake (${args.backend} backend, LAKE_DIR ${config.lakeDir}): ${describe(err)}`, err);
  });
  let report: AuditReport;
  let listing = 'Listing Stripe events (v1): 0 events, 0 pages';
  try {
    report = await auditLake({
      stripe,
      runSql: async (sql) => {
        try {
          return await lake.runSql(sql);
        } catch (err) {
          throw new SourceError(`the lake query failed (${args.backend} backend): ${describe(err)}`, err);
        }
      },
      now,
      onListingProgress: (kind, p) => {
        if (kind === 'v2' && listing.startsWith('Listing Stripe events (v1)')) progress.done(`${listing.replace(/, at [^,]*/, '')}, done`);
        listing = `Listing Stripe events (${kind}): ${p.events} events, ${p.pages} pages` +
          `${p.at ? `, at ${p.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}` +
          `${p.rateLimitWaits ? `, ${p.rateLimitWaits} rate-limit waits` : ''}`;
        progress.update(listing);
      },
      onLakeQuery: (ids, partitions) => {
        progress.done(`${listing.replace(/, at [^,]*/, '')}, done`);
        const where = args.backend === 'local' ? `DuckDB over ${config.lakeDir}` : 'Athena';
        progress.update(`Looking up ${ids} ids in the lake (${where}, dt=${partitions.fromDt} .. dt=${partitions.toDt})`);
      },
      ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    }, window, {
      listUntil,
      ...(args.undeliveredOnly ? { deliverySuccess: false } : {}),
      ...(args.types.length > 0 ? { types: args.types } : {}),
    });
  } catch (err) {
    throw asSourceError(err);
  } finally {
    progress.done();
    await lake.close();
  }

  if (args.command === 'audit') {
    io.stdout.write(args.format === 'json' ? auditJson(report) : auditText(report));
    return isComplete(report) ? EXIT.ok : EXIT.missingEvents;
  }

  const deliveryStream = config.firehose instanceof ConfigError ? undefined : config.firehose.deliveryStreamName;
  const toWrite = eventsToBackfill(report);
  if (!args.apply || toWrite.length === 0) {
    const outcome: BackfillOutcome = { mode: args.apply ? 'apply' : 'dry-run', deliveryStream };
    io.stdout.write(args.format === 'json' ? auditJson(report, outcome) : auditText(report) + backfillText(outcome, toWrite));
    return EXIT.ok;
  }
  if (config.firehose instanceof ConfigError) throw config.firehose;
  const writtenAt = deps.now();
  const result = await applyBackfill(report, config.firehose, stripe, io, deps);
  const delivery = args.waitSeconds > 0 && result.written.length > 0
    ? await waitUntilVisible(result.written.map((e) => e.id), writtenAt, args, config, io, deps)
    : undefined;
  const outcome: BackfillOutcome = { mode: 'apply', deliveryStream, result, ...(delivery ? { delivery } : {}) };
  io.stdout.write(args.format === 'json' ? auditJson(report, outcome) : auditText(report) + backfillText(outcome, toWrite));
  // Events that could not be fetched, or (with --wait) are not delivered yet, are still missing from the lake.
  const incomplete = result.skipped.length > 0 || (delivery !== undefined && delivery.visible < delivery.total);
  return incomplete ? EXIT.missingEvents : EXIT.ok;
}

async function waitUntilVisible(
  ids: readonly string[], writtenAt: Date, args: CliArgs, config: CompletenessConfig, io: CliIo, deps: CliDeps,
): Promise<DeliveryWaitResult> {
  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY });
  try {
    return await waitForDelivery({
      now: deps.now,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      openLake: () => deps.openLake(config, args.backend),
      onCheck: (visible, total, waitedMs) =>
        progress.update(`Waiting for Firehose to deliver: ${visible}/${total} visible in the lake after ${formatSeconds(waitedMs, 0)}`),
    }, ids, writtenAt, args.waitSeconds * 1000);
  } catch (err) {
    if (toolError(err)) throw err;
    throw new SourceError(`the lake query failed while waiting for delivery (${args.backend} backend): ${describe(err)}`, err);
  } finally {
    progress.done();
  }
}

async function applyBackfill(
  report: AuditReport, target: FirehoseTarget, stripe: Stripe, io: CliIo, deps: CliDeps,
): Promise<BackfillResult> {
  const progress = createProgressLine(io.stderr, { isTTY: io.stderrIsTTY });
  const opened = await deps.openWriter(target);
  try {
    return await backfillEvents({
      stripe,
      writer: opened.writer,
      now: deps.now,
      onProgress: (p) => progress.update(`Backfilling: fetched ${p.fetched}/${p.total}, written ${p.written}/${p.total}`),
      ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    }, eventsToBackfill(report));
  } catch (err) {
    if (err instanceof BackfillWriteError) throw new SourceError(err.message, err);
    throw asSourceError(err);
  } finally {
    progress.done();
    await opened.close();
  }
}

function asSourceError(err: unknown): unknown {
  if (toolError(err)) return err;
  if (err instanceof Stripe.errors.StripeError) {
    return new SourceError(`Stripe's Events API failed: ${err.message}${err.statusCode ? ` (HTTP ${err.statusCode})` : ''}`, err);
  }
  return err;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function args0(argv: readonly string[]): string {
  return argv[0] === 'backfill' ? 'backfill' : 'audit-lake';
}
