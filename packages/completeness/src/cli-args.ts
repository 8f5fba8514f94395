// Command-line flags of `audit-lake` and `backfill`, parsed with node:util (strict: unknown flags fail).
import { parseFlags, secondsFlag, UsageError } from '@event-lake/cli-kit';
import { isEventType } from '@event-lake/lake-format';
import { backendFrom, type Backend } from '@event-lake/query';

export type Command = 'audit' | 'backfill';
export type OutputFormat = 'text' | 'json';

/** The `--format` flag of audit-lake, backfill and import-objects. */
export function outputFormatFrom(value: string): OutputFormat {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, got "${value.slice(0, 40)}"`);
  return value;
}

export interface CliArgs {
  readonly command: Command;
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly days: string | undefined;
  readonly format: OutputFormat;
  readonly backend: Backend;
  readonly undeliveredOnly: boolean;
  readonly types: readonly string[];
  readonly apply: boolean;
  /** Seconds to wait, after --apply, until the written events are visible in the lake (0: do not wait). */
  readonly waitSeconds: number;
  readonly help: boolean;
}

const MAX_TYPES = 20; // Stripe's limit on types[]
/** Firehose's longest buffer interval is 900 s; an hour leaves room for retries and slow delivery. */
const MAX_WAIT_SECONDS = 3600;

export const USAGE = `Usage:
  pnpm audit-lake [options]           compare the lake with Stripe's Events API
  pnpm backfill [options] [--apply]   write the events the lake lacks (dry run without --apply)

Options:
  --days N              window of the last N days (default 3, at most 30)
  --since DATE          window start, e.g. 2026-11-20 or 2026-11-20T10:00:00Z (at most 30 days ago)
  --until DATE          window end, exclusive (default: now minus the Firehose buffer interval,
                        FIREHOSE_BUFFER_INTERVAL_SECONDS (300), and a 300 s margin)
  --type TYPE           only this event type (repeatable, up to 20); thin event types (v1.…, v2.…)
                        go to /v2/core/events, the others to /v1/events
  --undelivered-only    only snapshot events whose webhook delivery failed or is pending
                        (delivery_success=false); thin events have no such filter and are skipped
  --backend local|athena  where the lake is queried (default local: DuckDB over LAKE_DIR)
  --format text|json    output (default text)
  --apply               backfill only: write through the delivery stream
  --wait SECONDS        with --apply: then wait up to SECONDS until Firehose has delivered them to the
                        lake (checked every 15 s); exit 1 if they are still not visible
  -h, --help            this help

Snapshot (v1) and thin (v2) events are both audited. An event whose deliveries all lack body parts
counts as incomplete: reported, and written by the backfill like a missing one.

Exit codes: 0 complete (or backfill done), 1 events missing or incomplete (audit) or not backfillable (gone from the
API), 2 usage or configuration error, 3 Stripe, the lake query or the delivery stream failed.`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'audit' && command !== 'backfill') throw new UsageError(`unknown command "${command ?? ''}": expected audit or backfill`);
  const values = parseFlags(rest, {
    since: { type: 'string' },
    until: { type: 'string' },
    days: { type: 'string' },
    format: { type: 'string', default: 'text' },
    backend: { type: 'string', default: 'local' },
    'undelivered-only': { type: 'boolean', default: false },
    type: { type: 'string', multiple: true, default: [] },
    apply: { type: 'boolean', default: false },
    wait: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const format = outputFormatFrom(values.format);
  const backend = backendFrom(values.backend);
  if (values.apply && command !== 'backfill') throw new UsageError('--apply only applies to backfill');
  const waitSeconds = secondsFlag(values.wait, '--wait', 0, 0, MAX_WAIT_SECONDS);
  if (values.wait !== undefined && !values.apply) throw new UsageError('--wait only applies to backfill --apply');
  const types = values.type;
  if (types.length > MAX_TYPES) throw new UsageError(`--type may be given at most ${MAX_TYPES} times (Stripe's limit)`);
  for (const t of types) {
    if (!isEventType(t)) throw new UsageError(`--type "${t}" is not an event type such as payment_intent.succeeded`);
  }
  return {
    command,
    since: values.since,
    until: values.until,
    days: values.days,
    format,
    backend,
    undeliveredOnly: values['undelivered-only'],
    types,
    apply: values.apply,
    waitSeconds,
    help: values.help,
  };
}
