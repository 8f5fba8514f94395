// `pnpm curate [--backend local|athena] [--rebuild] [--dry-run]`: one curation run by hand. From argv
// to exit code; main (curate-main.ts) owns the process. Exit: 0 done, 1 the curation failed, 2 usage or
// configuration (one line naming the flag or variable), 3 Athena could not be called.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { formatSeconds, parseFlags, toolError, USAGE_EXIT, UsageError, type ToolIo } from '@event-lake/cli-kit';
import { athenaCostUsd, formatBytes } from './athena-cost.js';
import type { AthenaApi } from './athena-backend.js';
import { athenaCurationStatements, athenaRebuildStatements, curationWindow } from './curation-sql.js';
import { dedupeViewSql } from './dedupe-rule.js';
import { QueryError } from './errors.js';
import { athenaFlagsOf, athenaSettingsFrom, backendFrom, LAKE_FLAG_OPTIONS, lakeDirFrom, type LakeEnv } from './lake-settings.js';
import { openLocalBackend } from './local-backend.js';
import type { CurationReport } from './local-curation.js';
import { runQuery } from './run-query.js';

export const CURATE_USAGE = `Usage: pnpm curate [--backend local|athena] [--rebuild] [--dry-run]

Brings stripe_events_curated up to date with the lake (pnpm query does this by itself before a query
that reads it). --rebuild recreates it from the whole archive.

  --backend local|athena   default local (DuckDB over LAKE_DIR, kept in <lake>/.query-cache/curated-v1/)
  --rebuild                recreate the table from every raw partition
  --dry-run                local: say what a run would read; athena: print the SQL; change nothing
  --lake-dir DIR           local lake root (LAKE_DIR, default ./lake, relative to your cwd)
  --since TIME             athena: the last run's watermark (ISO-8601); partitions from TIME minus 2 h are read
  --workgroup, --database, --region, --output-location   athena settings (ATHENA_WORKGROUP, ATHENA_DATABASE,
                           AWS_REGION, ATHENA_OUTPUT_LOCATION)
  --help, -h               this text`;

export const CURATE_EXIT = { ok: 0, failed: 1, usage: USAGE_EXIT, outside: 3 } as const;

/** The variables pnpm curate reads: the lake's (lake-settings.ts). */
export type CurateEnv = LakeEnv;

export type CurateIo = ToolIo;

export interface CurateDeps {
  readonly cwd: string;
  /** Athena at the SDK seam (tests); default a real client. */
  readonly athenaApi?: AthenaApi;
  readonly now?: () => Date;
}

type Command =
  | { readonly help: true }
  | { readonly help: false; readonly backend: 'local'; readonly lakeDir: string; readonly rebuild: boolean; readonly dryRun: boolean }
  | {
      readonly help: false; readonly backend: 'athena'; readonly rebuild: boolean; readonly dryRun: boolean; readonly since?: Date;
      readonly workgroup?: string; readonly database?: string; readonly region: string; readonly outputLocation?: string;
    };

export function parseCurateArgs(argv: readonly string[], env: CurateEnv, cwd: string): Command {
  const v = parseFlags(argv, {
    ...LAKE_FLAG_OPTIONS,
    rebuild: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    since: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return { help: true };
  const rebuild = v.rebuild ?? false;
  const dryRun = v['dry-run'] ?? false;
  const backend = backendFrom(v.backend);
  if (backend === 'local') {
    for (const f of ['since', 'workgroup', 'database', 'region', 'output-location'] as const) {
      if (v[f] !== undefined) throw new UsageError(`--${f} applies to --backend athena only`);
    }
    return { help: false, backend, rebuild, dryRun, lakeDir: lakeDirFrom(v['lake-dir'], env, cwd) };
  }
  if (v['lake-dir'] !== undefined) throw new UsageError('--lake-dir applies to --backend local only');
  const { region, workgroup, database, outputLocation } = athenaSettingsFrom(env, athenaFlagsOf(v));
  if (region === undefined && !dryRun) throw new UsageError('--backend athena needs AWS_REGION (or --region)');
  let since: Date | undefined;
  if (v.since !== undefined) {
    since = new Date(v.since);
    if (Number.isNaN(since.getTime())) throw new UsageError(`--since must be an ISO-8601 time, got "${v.since}"`);
  }
  if (since === undefined && !rebuild) throw new UsageError('--backend athena needs --since <the last run\'s watermark> or --rebuild');
  return {
    help: false, backend, rebuild, dryRun, region: region ?? '',
    ...(since ? { since } : {}), ...(workgroup ? { workgroup } : {}), ...(database ? { database } : {}), ...(outputLocation ? { outputLocation } : {}),
  };
}

export async function runCurateCli(argv: readonly string[], env: CurateEnv, io: CurateIo, deps: CurateDeps): Promise<number> {
  const status = statusLine(io);
  try {
    const command = parseCurateArgs(argv, env, deps.cwd);
    if (command.help) {
      io.stdout.write(`${CURATE_USAGE}\n`);
      return CURATE_EXIT.ok;
    }
    if (command.backend === 'local') {
      await access(path.join(command.lakeDir)).catch(() => {
        throw new UsageError(`lake folder ${command.lakeDir} does not exist (set LAKE_DIR or --lake-dir)`);
      });
      const started = performance.now();
      status.write(`curate: ${command.rebuild ? 'rebuilding' : 'curating'} ${command.lakeDir} …`);
      const local = await openLocalBackend({
        lakeDir: command.lakeDir,
        onCacheProgress: (p) => status.write(`curate: caching ${p.total} new lake object(s) as Parquet … ${p.done}/${p.total}`),
        onCurationProgress: (p) => status.write(`curate: merging new lake objects … ${p.done}/${p.total}`),
      });
      try {
        const report = await local.curate({ rebuild: command.rebuild, dryRun: command.dryRun });
        status.done();
        io.stdout.write(`${describeLocal(report, performance.now() - started)}\n`);
      } finally {
        local.close();
      }
      return CURATE_EXIT.ok;
    }
    const viewSql = await dedupeViewSql();
    const now = deps.now?.() ?? new Date();
    const statements = command.rebuild ? athenaRebuildStatements(viewSql) : athenaCurationStatements(viewSql, curationWindow(command.since!, now)!);
    if (command.dryRun) {
      io.stdout.write(`${statements.map((s) => `${s};`).join('\n\n')}\n`);
      return CURATE_EXIT.ok;
    }
    let scanned = 0;
    for (const [i, sql] of statements.entries()) {
      const result = await runQuery({
        backend: 'athena', sql, region: command.region,
        ...(command.workgroup ? { workgroup: command.workgroup } : {}),
        ...(command.database ? { database: command.database } : {}),
        ...(command.outputLocation ? { outputLocation: command.outputLocation } : {}),
        ...(deps.athenaApi ? { api: deps.athenaApi } : {}),
        onProgress: (p) => status.write(`curate: statement ${i + 1}/${statements.length} ${p.queryExecutionId}: ${p.state}, scanned ${formatBytes(p.bytesScanned)}`),
      });
      scanned += result.stats.bytesScanned ?? 0;
      status.done(`curate: statement ${i + 1}/${statements.length} done [${result.stats.queryExecutionId ?? ''}]`);
    }
    io.stdout.write(`${command.rebuild ? 'rebuilt' : `curated raw partitions from ${command.since!.toISOString()} minus 2 h to ${now.toISOString()}`}: ` +
      `${statements.length} statements, scanned ${formatBytes(scanned)}, cost $${athenaCostUsd(scanned).toFixed(6)}\n`);
    return CURATE_EXIT.ok;
  } catch (err) {
    status.done();
    const known = toolError(err);
    if (known) {
      io.stderr.write(`curate: ${known.message}\n`);
      return known.exitCode;
    }
    if (err instanceof QueryError) {
      io.stderr.write(`curate: ${err.message}\n`);
      return err.code === 'athena_call' ? CURATE_EXIT.outside : CURATE_EXIT.failed;
    }
    io.stderr.write(`curate: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return CURATE_EXIT.failed;
  }
}

export function describeLocal(r: CurationReport, elapsedMs: number): string {
  const seconds = formatSeconds(elapsedMs, 2);
  if (r.dryRun) {
    return `dry run: would read ${r.objectsRead} lake object(s) in ${r.partitionsRead} partition(s)${r.rebuilt ? ' (rebuild)' : ''}; nothing written`;
  }
  if (r.objectsRead === 0 && !r.rebuilt) return `up to date: no new lake objects (${seconds})`;
  return `${r.rebuilt ? 'rebuilt: ' : ''}read ${r.objectsRead} lake object(s) in ${r.partitionsRead} partition(s) (${formatBytes(r.bytesRead)} read); merged ${r.eventsMerged} event(s): ` +
    `${r.rowsInserted} inserted, ${r.rowsReplaced} replaced; wrote ${r.partitionsWritten} event_date partition(s); ` +
    `${r.pendingParts} pending part(s); ${r.rows ?? 0} row(s) in stripe_events_curated (${seconds})`;
}

function statusLine(io: CurateIo) {
  let open = false;
  let last = '';
  return {
    write(text: string) {
      if (io.stderrIsTTY) {
        io.stderr.write(`\r\x1b[2K${text}`);
        open = true;
      } else if (text !== last) {
        io.stderr.write(`${text}\n`);
      }
      last = text;
    },
    done(text?: string) {
      if (io.stderrIsTTY && open) io.stderr.write(`\r\x1b[2K${text ? `${text}\n` : ''}`);
      else if (text) io.stderr.write(`${text}\n`);
      open = false;
    },
  };
}
