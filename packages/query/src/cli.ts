// `pnpm query` argument parsing and configuration, pure (no process access) so tests can call it.
import path from 'node:path';
import { parseFlagsAndPositionals, UsageError, userCwd as userCwdOf } from '@event-lake/cli-kit';
import { athenaFlagsOf, athenaSettingsFrom, backendFrom, LAKE_FLAG_OPTIONS, lakeDirFrom, type LakeEnv } from './lake-settings.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output-format.js';

export const USAGE = `Usage:
  pnpm query <named-query> [--param name=value ...]   run athena/queries/<named-query>.sql
  pnpm query --sql "SELECT ..."                       run SQL text
  pnpm query --file path/to/query.sql                 run a file (path relative to your cwd)
  pnpm query --list                                   list named queries, descriptions and parameters

Options:
  --param, -p name=value   named-query parameter (repeatable); types: string, integer, date, timestamp
  --format table|csv|json  output (default table); json prints exactly one JSON array on stdout
  --backend local|athena   default local (DuckDB over LAKE_DIR)
  --lake-dir DIR           local lake root (default: LAKE_DIR or ./lake, relative to your cwd)
  --no-cache               local: read the gzipped objects directly instead of the Parquet cache
                           kept in <lake>/.query-cache/ (new objects are converted once, then reused)
  --workgroup NAME         Athena workgroup (ATHENA_WORKGROUP, default event-lake)
  --database NAME          Athena database (ATHENA_DATABASE, default event_lake)
  --region REGION          AWS region (AWS_REGION)
  --output-location S3URI  Athena results location (ATHENA_OUTPUT_LOCATION; optional if the workgroup sets one)
  --print-sql              print the SQL with parameters bound instead of running it
  --help, -h               this text`;

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'list'; readonly format: OutputFormat }
  | {
      readonly kind: 'run';
      readonly source: { readonly named: string; readonly params: Record<string, string> } | { readonly sql: string } | { readonly file: string };
      readonly format: OutputFormat;
      readonly printSql: boolean;
      readonly backend:
        | { readonly backend: 'local'; readonly lakeDir: string; readonly cache?: false }
        | {
            readonly backend: 'athena';
            readonly workgroup?: string;
            readonly database?: string;
            readonly region?: string;
            readonly outputLocation?: string;
          };
    };

/** The environment variables the CLI reads (main.ts passes process.env): the lake's (lake-settings.ts). */
export type CliEnv = LakeEnv;

export function parseCli(argv: readonly string[], env: CliEnv, cwd: string): CliCommand {
  const parsed = parseFlagsAndPositionals(argv, {
    param: { type: 'string', short: 'p', multiple: true },
    sql: { type: 'string' },
    file: { type: 'string' },
    list: { type: 'boolean' },
    format: { type: 'string' },
    ...LAKE_FLAG_OPTIONS,
    'no-cache': { type: 'boolean' },
    'print-sql': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };

  const format = (v.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${v.format}"`);
  if (v.list) return { kind: 'list', format };

  const userCwd = userCwdOf(env, cwd);
  const sources = [positionals.length > 0, v.sql !== undefined, v.file !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('give exactly one of: a named query, --sql, --file (or --list)');
  if (positionals.length > 1) throw new UsageError(`one named query at a time, got ${positionals.join(' ')}`);
  if (v.param && positionals.length === 0) throw new UsageError('--param applies to named queries only');

  let source: Extract<CliCommand, { kind: 'run' }>['source'];
  if (positionals[0] !== undefined) {
    const params: Record<string, string> = {};
    for (const p of v.param ?? []) {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new UsageError(`--param expects name=value, got "${p}"`);
      const name = p.slice(0, eq);
      if (name in params) throw new UsageError(`--param ${name} given twice`);
      params[name] = p.slice(eq + 1);
    }
    source = { named: positionals[0], params };
  } else if (v.sql !== undefined) {
    if (v.sql.trim() === '') throw new UsageError('--sql is empty');
    source = { sql: v.sql };
  } else {
    source = { file: path.resolve(userCwd, v.file!) };
  }

  let backend: Extract<CliCommand, { kind: 'run' }>['backend'];
  if (backendFrom(v.backend) === 'local') {
    backend = { backend: 'local', lakeDir: lakeDirFrom(v['lake-dir'], env, cwd), ...(v['no-cache'] ? { cache: false as const } : {}) };
  } else {
    if (v['no-cache']) throw new UsageError('--no-cache applies to the local backend only');
    backend = { backend: 'athena', ...athenaSettingsFrom(env, athenaFlagsOf(v)) };
  }
  return { kind: 'run', source, format, printSql: v['print-sql'] ?? false, backend };
}
