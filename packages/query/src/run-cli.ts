// `pnpm query` from argv to exit code: results to `io.stdout`, status and errors to `io.stderr`. main.ts
// owns the process. Exit codes (docs/exit-codes.md): 0 done, 1 the query failed, 2 usage or
// configuration (one line naming the flag), 3 Athena could not be called.
import { readFile } from 'node:fs/promises';
import { formatSeconds, toolError, USAGE_EXIT, UsageError, type ToolIo } from '@event-lake/cli-kit';
import { athenaCostUsd, formatBytes } from './athena-cost.js';
import type { AthenaProgress } from './athena-backend.js';
import type { CacheProgress } from './local-cache.js';
import type { CurationProgress } from './local-curation.js';
import { parseCli, USAGE, type CliCommand, type CliEnv } from './cli.js';
import { QueryError } from './errors.js';
import { readSqlFiles } from './athena-dir.js';
import { loadNamedQueries, parseNamedQuery } from './named-queries.js';
import { formatResult } from './output-format.js';
import { namedQuerySql, runQuery } from './run-query.js';

export const QUERY_EXIT = { ok: 0, failed: 1, usage: USAGE_EXIT, outside: 3 } as const;

export type QueryIo = ToolIo;

export interface QueryDeps {
  readonly cwd: string;
  /** Calls `onInterrupt` on the next Ctrl-C (main.ts: process.once('SIGINT')); returns how to stop listening. */
  readonly onInterrupt?: (onInterrupt: () => void) => () => void;
}

/** QueryError codes the user fixes by changing the command line: exit 2, as a UsageError. */
const USAGE_CODES: ReadonlySet<string> = new Set(['bad_param', 'bad_file', 'unknown_query']);
/** Athena itself failing (unreachable, timing out, refusing credentials) is an outside service: exit 3. */
const OUTSIDE_SERVICE_CODES: ReadonlySet<string> = new Set(['athena_call', 'athena_protocol']);

export async function runQueryCli(argv: readonly string[], env: CliEnv, io: QueryIo, deps: QueryDeps): Promise<number> {
  try {
    const command = parseCli(argv, env, deps.cwd);
    if (command.kind === 'help') io.stdout.write(`${USAGE}\n`);
    else if (command.kind === 'list') await list(command.format, io);
    else await run(command, io, deps);
    return QUERY_EXIT.ok;
  } catch (err) {
    const known = toolError(err);
    if (known) {
      io.stderr.write(`query: ${known.message}${known instanceof UsageError ? ' (pnpm query --help for the usage)' : ''}\n`);
      return known.exitCode;
    }
    if (!(err instanceof QueryError)) {
      io.stderr.write(`query: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      return QUERY_EXIT.failed;
    }
    io.stderr.write(`query: ${err.message}\n`);
    if (USAGE_CODES.has(err.code)) return QUERY_EXIT.usage;
    return OUTSIDE_SERVICE_CODES.has(err.code) ? QUERY_EXIT.outside : QUERY_EXIT.failed;
  }
}

async function list(format: Extract<CliCommand, { kind: 'list' }>['format'], io: QueryIo): Promise<void> {
  const queries = await loadNamedQueries();
  if (format === 'table') {
    for (const q of queries) {
      io.stdout.write(`${q.name}\n  ${q.description}\n`);
      for (const p of q.params) io.stdout.write(`  --param ${p.name}=<${p.type}>  ${p.description}\n`);
      io.stdout.write('\n');
    }
    io.stdout.write('Views (SELECT … FROM event_lake.<view>):\n');
    for (const v of (await readSqlFiles('views')).map(parseNamedQuery)) io.stdout.write(`${v.name}\n  ${v.description}\n`);
    return;
  }
  const rows = queries.map((q) => ({
    name: q.name,
    description: q.description,
    params: format === 'json' ? q.params : q.params.map((p) => `${p.name} ${p.type}: ${p.description}`).join('; '),
  }));
  io.stdout.write(formatResult({ columns: ['name', 'description', 'params'], rows }, format));
}

async function run(command: Extract<CliCommand, { kind: 'run' }>, io: QueryIo, deps: QueryDeps): Promise<void> {
  const { source } = command;
  const sql = 'named' in source ? await namedQuerySql(source.named, source.params) : 'sql' in source ? source.sql : await readSqlFile(source.file);
  if (command.printSql) {
    io.stdout.write(`${sql.trimEnd()}\n`);
    return;
  }
  const status = statusLine(io);
  if (command.backend.backend === 'local') status.write(`running on DuckDB over ${command.backend.lakeDir} …`);
  // Ctrl-C during an Athena query stops it there too (it would otherwise keep scanning, and billing).
  const abort = new AbortController();
  const stopListening = command.backend.backend === 'athena' && deps.onInterrupt
    ? deps.onInterrupt(() => {
        status.write('stopping the Athena query …');
        abort.abort();
      })
    : undefined;
  const result = await runQuery({
    ...command.backend,
    sql,
    ...(command.backend.backend === 'athena'
      ? { onProgress: (p: AthenaProgress) => status.write(athenaStatus(p)), signal: abort.signal }
      : {
          onCacheProgress: (p: CacheProgress) => {
            if (tenth(p)) status.write(cacheStatus(p));
          },
          onCurationProgress: (p: CurationProgress) => {
            if (tenth(p)) status.write(curationStatus(p));
          },
        }),
  }).finally(() => stopListening?.());
  const s = result.stats;
  const cost = s.bytesScanned !== undefined ? `, scanned ${formatBytes(s.bytesScanned)}, cost $${athenaCostUsd(s.bytesScanned).toFixed(6)} (10 MB minimum)` : '';
  status.done(`${result.rows.length} row(s) in ${formatSeconds(s.elapsedMs, 2)}${cost}${s.queryExecutionId ? ` [${s.queryExecutionId}]` : ''}`);
  io.stdout.write(formatResult(result, command.format));
}

async function readSqlFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new QueryError(`cannot read --file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'bad_file');
  }
}

function cacheStatus(p: CacheProgress): string {
  const what = `caching ${p.total} new lake object${p.total === 1 ? '' : 's'} as Parquet (once per object; --no-cache to skip)`;
  return p.done < p.total ? `${what} … ${p.done}/${p.total}` : `${what}: done, running the query …`;
}

function curationStatus(p: CurationProgress): string {
  const what = `curating ${p.total} new lake object${p.total === 1 ? '' : 's'} into stripe_events_curated`;
  return p.done < p.total ? `${what} … ${p.done}/${p.total}` : `${what}: done, running the query …`;
}

/** Start, end and every tenth of the way: enough for a log, not one line per object. */
function tenth(p: { readonly done: number; readonly total: number }): boolean {
  return p.done === 0 || p.done === p.total || Math.floor((p.done * 10) / p.total) !== Math.floor(((p.done - 1) * 10) / p.total);
}

function athenaStatus(p: AthenaProgress): string {
  return `athena ${p.queryExecutionId}: ${p.state}, ${formatSeconds(p.elapsedMs, 1)}, scanned ${formatBytes(p.bytesScanned)}`;
}

/** One status line on stderr, rewritten in place on a terminal, one line per change otherwise. */
function statusLine(io: QueryIo) {
  let last = '';
  return {
    write(text: string) {
      if (io.stderrIsTTY) io.stderr.write(`\r\x1b[2K${text}`);
      else if (text.replace(/[\d.]+ s,/, '') !== last.replace(/[\d.]+ s,/, '')) io.stderr.write(`${text}\n`);
      last = text;
    },
    done(text: string) {
      io.stderr.write(io.stderrIsTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
