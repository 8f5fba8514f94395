// Reads the SQL files of athena/views and athena/queries at synth time, so every file there becomes a
// named query without a second list to keep in step. A missing folder simply yields no queries.
// A query's `-- dedupe:` line is expanded as `pnpm query` does, so the console runs the same SQL.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEDUPE_VIEW, expandDedupeLines, hasDedupeLine } from '@event-lake/query';

export interface AthenaSqlFile {
  /** `views` or `queries`. */
  readonly kind: string;
  /** Path relative to the athena/ folder, e.g. `queries/daily-counts.sql`. */
  readonly relativePath: string;
  /** From the `-- name:` header, else the file name without `.sql`. */
  readonly name: string;
  /** From the `-- description:` header(s), plus the `-- param:` names to substitute; else empty. */
  readonly description: string;
  /** `-- param: <name> <type> <text>` headers: `:name` placeholders the SQL expects. */
  readonly params: readonly { readonly name: string; readonly type: string }[];
  readonly sql: string;
}

export const NAMED_QUERY_FOLDERS = ['views', 'queries'] as const;

/** Athena's limits for AWS::Athena::NamedQuery. */
const MAX_NAME = 128;
const MAX_DESCRIPTION = 1024;
const MAX_QUERY_BYTES = 262_144;

export class AthenaSqlError extends Error {}

export function readNamedQueryFiles(athenaDir: string): AthenaSqlFile[] {
  const files: AthenaSqlFile[] = [];
  const dedupeView = () => readFileSync(path.join(athenaDir, 'views', `${DEDUPE_VIEW}.sql`), 'utf8');
  for (const kind of NAMED_QUERY_FOLDERS) {
    const dir = path.join(athenaDir, kind);
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.sql'))
      .map((e) => e.name)
      .sort();
    for (const fileName of names) {
      const relativePath = `${kind}/${fileName}`;
      const text = readFileSync(path.join(dir, fileName), 'utf8');
      files.push(parseSqlFile(relativePath, hasDedupeLine(text) ? expandDedupeLines(text, dedupeView()) : text));
    }
  }
  const seen = new Map<string, string>();
  for (const f of files) {
    const other = seen.get(f.name);
    if (other) throw new AthenaSqlError(`athena/${f.relativePath}: name "${f.name}" is also used by athena/${other}`);
    seen.set(f.name, f.relativePath);
  }
  return files;
}

/** Parses the leading `-- key: value` comment block. Unknown keys (e.g. `param`) are ignored here. */
export function parseSqlFile(relativePath: string, text: string): AthenaSqlFile {
  const headers = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const m = /^--\s*([a-z_-]+)\s*:\s*(.*)$/i.exec(trimmed);
    if (m?.[1] && m[2] !== undefined) {
      const key = m[1].toLowerCase();
      headers.set(key, [...(headers.get(key) ?? []), m[2].trim()]);
    }
  }
  const base = path.basename(relativePath, '.sql');
  const name = headers.get('name')?.[0] || base;
  const params = (headers.get('param') ?? []).map((p) => {
    const [pname = '', type = ''] = p.split(/\s+/);
    return { name: pname, type };
  });
  // Athena's console runs named queries as text: say which placeholders to replace first.
  const paramNote = params.length ? ` Replace before running: ${params.map((p) => `:${p.name} (${p.type})`).join(', ')}.` : '';
  const description = `${(headers.get('description') ?? []).join(' ')}${paramNote}`.trim();
  const sql = text.trim();
  if (sql === '') throw new AthenaSqlError(`athena/${relativePath}: file is empty`);
  if (name.length > MAX_NAME) throw new AthenaSqlError(`athena/${relativePath}: name is longer than ${MAX_NAME} characters`);
  if (Buffer.byteLength(sql) > MAX_QUERY_BYTES) {
    throw new AthenaSqlError(`athena/${relativePath}: query is larger than Athena's ${MAX_QUERY_BYTES} bytes`);
  }
  return {
    kind: relativePath.split('/')[0] ?? '',
    relativePath,
    name,
    description: truncate(description, MAX_DESCRIPTION),
    params,
    sql,
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
