// Named queries: athena/queries/<name>.sql with a header of `-- name:`, `-- description:` and
// `-- param: <name> <type> <description>` lines. The header is checked against the SQL's placeholders.
import { readSqlFiles, ATHENA_DIR, type SqlFile } from './athena-dir.js';
import { dedupeViewSql, expandDedupeLines, hasDedupeLine } from './dedupe-rule.js';
import { NamedQueryError } from './errors.js';
import { isParamType, PARAM_TYPES, type ParamSpec } from './params.js';
import { findPlaceholders } from './sql-text.js';

export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  readonly sql: string;
  readonly path: string;
}

/** Parses one named-query file; throws NamedQueryError naming the file and the faulty line. */
export function parseNamedQuery(file: SqlFile): NamedQuery {
  const fail = (why: string) => new NamedQueryError(`${file.path}: ${why}`);
  let name: string | undefined;
  const description: string[] = [];
  const params: ParamSpec[] = [];
  for (const line of file.text.split('\n')) {
    if (!line.startsWith('--')) {
      if (line.trim() === '') continue;
      break; // the header ends at the first SQL line
    }
    const m = /^--\s*(name|description|param):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest = ''] = m;
    if (key === 'name') name = rest.trim();
    else if (key === 'description') description.push(rest.trim());
    else {
      const p = /^([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s+(.+)$/.exec(rest.trim());
      if (!p) throw fail(`malformed "-- param:" line (expected "-- param: <name> <type> <description>"): ${line}`);
      const [, pname = '', ptype = '', pdesc = ''] = p;
      if (!isParamType(ptype)) throw fail(`param "${pname}" has type "${ptype}"; expected one of ${PARAM_TYPES.join(', ')}`);
      if (params.some((q) => q.name === pname)) throw fail(`param "${pname}" is declared twice`);
      params.push({ name: pname, type: ptype, description: pdesc.trim() });
    }
  }
  if (name !== file.name) throw fail(`"-- name: ${name ?? ''}" must equal the file name "${file.name}"`);
  if (description.length === 0) throw fail('missing "-- description:" line');
  const used = new Set(findPlaceholders(file.text).map((p) => p.name));
  for (const p of params) if (!used.has(p.name)) throw fail(`param "${p.name}" is declared but never used`);
  for (const u of used) if (!params.some((p) => p.name === u)) throw fail(`:${u} is used but not declared`);
  return { name, description: description.join(' '), params, sql: file.text, path: file.path };
}

/** Every named query, with its `-- dedupe:` lines replaced by the rule of the stripe_events_deduped view. */
export async function loadNamedQueries(athenaDir = ATHENA_DIR): Promise<NamedQuery[]> {
  const files = await readSqlFiles('queries', athenaDir);
  const viewSql = files.some((f) => hasDedupeLine(f.text)) ? await dedupeViewSql(athenaDir) : '';
  return files.map((f) => parseNamedQuery({ ...f, text: expandDedupeLines(f.text, viewSql) }));
}

export async function getNamedQuery(name: string, athenaDir = ATHENA_DIR): Promise<NamedQuery> {
  const all = await loadNamedQueries(athenaDir);
  const found = all.find((q) => q.name === name);
  if (!found) {
    throw new NamedQueryError(`no named query "${name}"; available: ${all.map((q) => q.name).join(', ')} (see --list)`, 'unknown_query');
  }
  return found;
}
