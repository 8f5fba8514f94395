// `pnpm replay` flags and environment, parsed without touching the process (tests call it directly).
import path from 'node:path';
import { parseFlags, secondsFlag, UsageError, userCwd as userCwdOf } from '@event-lake/cli-kit';
import { athenaSettingsFrom, backendFrom, lakeDirFrom, type Backend, type LakeEnv } from '@event-lake/query';
import { parseSelection, type Selection } from './selection.js';

export const USAGE = `Usage:
  REPLAY_SIGNING_SECRET=whsec_… pnpm replay --to <url> [options]   re-deliver archived events, re-signed
  pnpm replay --dry-run [options]                                 list what would be sent (no secret needed)

Selection (one complete delivery per event: webhook, else eventbridge, else backfill):
  --since DATE|DATETIME    created at or after (2026-11-01 is 00:00 UTC; a time needs a zone: 2026-11-01T10:00:00Z)
  --until DATE|DATETIME    created before (exclusive)
  --type TYPE              exact type (invoice.paid) or prefix (customer.*); repeatable
  --id EVT_ID              only this event; repeatable (with --type, an event must match both)

Delivery:
  --to URL                 the consumer's endpoint; path and query are kept (no user:password@)
  --rate N                 at most N request starts in any 1-second window, retries included (default 10)
  --concurrency N          at most N requests in flight (default 4)
  --timeout SECONDS        per attempt (default 10)
  --attempts N             attempts per event before it counts as failed (default 4; backoff in between)
  --checkpoint FILE        append each delivered id; a rerun with the same file skips them

Lake:
  --backend local|athena   default local (DuckDB over the lake folder)
  --lake-dir DIR           local lake root (default: LAKE_DIR or ./lake)
  --no-cache               local: read the gzipped objects instead of pnpm query's Parquet cache
  --athena-slack-days N    athena: also scan arrival partitions up to N days after --until (default 3)
                           (ATHENA_WORKGROUP, ATHENA_DATABASE, ATHENA_OUTPUT_LOCATION, AWS_REGION as pnpm query)

Output:
  --dry-run                count, first and last created, types; sends nothing
  --format text|json       json: one JSON object on stdout at the end
  -h, --help               this text

Exit codes: 0 all delivered, 1 some failed, 2 usage or configuration error, 3 the lake or Athena failed,
130 stopped by Ctrl-C (rerun with the same --checkpoint to resume).`;

/** The variables replay reads besides its secret: the lake's (@event-lake/query's lake-settings). */
export type ReplayEnv = LakeEnv;

export type LakeChoice =
  | { readonly backend: 'local'; readonly lakeDir: string; readonly cache?: false }
  | {
      readonly backend: 'athena';
      readonly slackDays: number;
      readonly workgroup?: string;
      readonly database?: string;
      readonly outputLocation?: string;
      readonly region?: string;
    };

export interface ReplayCommand {
  readonly help: boolean;
  readonly to?: URL;
  readonly selection: Selection;
  readonly rate: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly checkpoint?: string;
  readonly lake: LakeChoice;
  readonly dryRun: boolean;
  readonly format: 'text' | 'json';
}

export const DEFAULTS = { rate: 10, concurrency: 4, timeoutSeconds: 10, attempts: 4, athenaSlackDays: 3 } as const;

export function parseCli(argv: readonly string[], env: ReplayEnv, cwd: string): ReplayCommand {
  const values = parseFlags(argv, {
    to: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    type: { type: 'string', multiple: true, default: [] },
    id: { type: 'string', multiple: true, default: [] },
    rate: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    attempts: { type: 'string' },
    checkpoint: { type: 'string' },
    backend: { type: 'string', default: 'local' },
    'lake-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'athena-slack-days': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got "${format}"`);
  const userCwd = userCwdOf(env, cwd);
  const dryRun = values['dry-run'];
  const base = {
    help: values.help,
    selection: parseSelection({ since: values.since, until: values.until, types: values.type, ids: values.id }),
    rate: whole(values.rate, '--rate', DEFAULTS.rate, 1, 10_000),
    concurrency: whole(values.concurrency, '--concurrency', DEFAULTS.concurrency, 1, 256),
    timeoutMs: secondsFlag(values.timeout, '--timeout', DEFAULTS.timeoutSeconds, 1, 300) * 1000,
    attempts: whole(values.attempts, '--attempts', DEFAULTS.attempts, 1, 20),
    lake: lakeChoice(backendFrom(values.backend), { lakeDir: values['lake-dir'], noCache: values['no-cache'], slackDays: values['athena-slack-days'] }, env, cwd),
    dryRun,
    format,
    ...(values.checkpoint !== undefined ? { checkpoint: path.resolve(userCwd, values.checkpoint) } : {}),
  } as const;
  if (values.help) return base;
  if (values.to === undefined) {
    if (dryRun) return base;
    throw new UsageError('--to <url> is required: the consumer endpoint to deliver to');
  }
  return { ...base, to: targetUrl(values.to) };
}

function targetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--to must be an absolute http(s) URL, got ${JSON.stringify(withoutUserinfo(raw).slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--to must be an http or https URL, got ${url.protocol}`);
  // fetch would send them as Basic auth and every error would print them: refuse, and never echo them.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--to must not carry a user name or password (user:password@host): replay authenticates with the Stripe signature only');
  }
  return url;
}

/** `raw` with anything before the authority's last `@` (after an optional `scheme:` and `//`) replaced by `…`. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/^((?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?)[^/?#]*@/i, '$1…@');
}

interface LakeFlags {
  readonly lakeDir: string | undefined;
  readonly noCache: boolean;
  readonly slackDays: string | undefined;
}

function lakeChoice(backend: Backend, flags: LakeFlags, env: ReplayEnv, cwd: string): LakeChoice {
  if (backend === 'local') {
    if (flags.slackDays !== undefined) throw new UsageError('--athena-slack-days applies to --backend athena only (locally every partition is read)');
    return { backend, lakeDir: lakeDirFrom(flags.lakeDir, env, cwd), ...(flags.noCache ? { cache: false as const } : {}) };
  }
  if (flags.lakeDir !== undefined || flags.noCache) throw new UsageError('--lake-dir and --no-cache apply to --backend local only');
  return {
    backend,
    slackDays: whole(flags.slackDays, '--athena-slack-days', DEFAULTS.athenaSlackDays, 0, 365),
    ...athenaSettingsFrom(env),
  };
}

function whole(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}
