// Composition root of `pnpm query`: reads the environment, runs the command, writes results to stdout
// and everything else (status, errors) to stderr.
import { readFile } from 'node:fs/promises';
import { athenaCostUsd, formatBytes } from './athena-cost.js';
import type { AthenaProgress } from './athena-backend.js';
import type { CacheProgress } from './local-cache.js';
import type { CurationProgress } from './local-curation.js';
import { parseCli, USAGE, type CliCommand } from './cli.js';
import { QueryError } from './errors.js';
import { readSqlFiles } from './athena-dir.js';
import { loadNamedQueries, parseNamedQuery } from './named-queries.js';
import { formatResult } from './output-format.js';
import { namedQuerySql, runQuery } from './run-query.js';

async function main(): Promise<void> {
  const command = parseCli(process.argv.slice(2), process.env, process.cwd());
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command.kind === 'list') {
    const queries = await loadNamedQueries();
    if (command.format === 'table') {
      for (const q of queries) {
        process.stdout.write(`${q.name}\n  ${q.description}\n`);
        for (const p of q.params) process.stdout.write(`  --param ${p.name}=<${p.type}>  ${p.description}\n`);
        process.stdout.write('\n');
      }
      process.stdout.write('Views (SELECT … FROM event_lake.<view>):\n');
      for (const v of (await readSqlFiles('views')).map(parseNamedQuery)) process.stdout.write(`${v.name}\n  ${v.description}\n`);
    } else {
      const rows = queries.map((q) => ({
        name: q.name,
        description: q.description,
        params: command.format === 'json' ? q.params : q.params.map((p) => `${p.name} ${p.type}: ${p.description}`).join('; '),
      }));
      process.stdout.write(formatResult({ columns: ['name', 'description', 'params'], rows }, command.format));
    }
    return;
  }
  await run(command);
}

async function run(command: Extract<CliCommand, { kind: 'run' }>): Promise<void> {
  const { source } = command;
  const sql = 'named' in source ? await namedQuerySql(source.named, source.params) : 'sql' in source ? source.sql : await readSqlFile(source.file);
  if (command.printSql) {
    process.stdout.write(`${sql.trimEnd()}\n`);
    return;
  }
  const status = statusLine();
  if (command.backend.backend === 'local') status.write(`running on DuckDB over ${command.backend.lakeDir} …`);
  // Ctrl-C during an Athena query stops it there too (it would otherwise keep scanning, and billing).
  const abort = new AbortController();
  const onSigint = () => {
    status.write('stopping the Athena query …');
    abort.abort();
  };
  if (command.backend.backend === 'athena') process.once('SIGINT', onSigint);
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
  }).finally(() => process.off('SIGINT', onSigint));
  const s = result.stats;
  const cost = s.bytesScanned !== undefined ? `, scanned ${formatBytes(s.bytesScanned)}, cost $${athenaCostUsd(s.bytesScanned).toFixed(6)} (10 MB minimum)` : '';
  status.done(`${result.rows.length} row(s) in ${(s.elapsedMs / 1000).toFixed(2)} s${cost}${s.queryExecutionId ? ` [${s.queryExecutionId}]` : ''}`);
  process.stdout.write(formatResult(result, command.format));
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
  return `athena ${p.queryExecutionId}: ${p.state}, ${(p.elapsedMs / 1000).toFixed(1)} s, scanned ${formatBytes(p.bytesScanned)}`;
}

/** One status line on stderr, rewritten in place on a terminal, one line per change otherwise. */
function statusLine() {
  const tty = process.stderr.isTTY === true;
  let last = '';
  return {
    write(text: string) {
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
      else if (text.replace(/[\d.]+ s,/, '') !== last.replace(/[\d.]+ s,/, '')) process.stderr.write(`${text}\n`);
      last = text;
    },
    done(text: string) {
      process.stderr.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}

main().catch((err: unknown) => {
  if (err instanceof QueryError) process.stderr.write(`query: ${err.message}\n`);
  else process.stderr.write(`query: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
