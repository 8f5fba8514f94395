// Small lexical helpers over SQL text: finding `:name` placeholders outside string literals, quoted
// identifiers and comments, so that `'12:30'` or `-- see :x` are never touched.

export interface Placeholder {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The `:name` placeholders in `sql`, in order. `::` (a cast) is not a placeholder. */
export function findPlaceholders(sql: string): Placeholder[] {
  const found: Placeholder[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === ':' && next === ':') {
      i += 2;
    } else if (ch === ':') {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(sql);
      if (m) {
        found.push({ name: m[0], start: i, end: i + 1 + m[0].length });
        i += 1 + m[0].length;
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  return found;
}

/** Index just past a quoted token starting at `start`; a doubled quote is an escaped quote. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** Replaces each placeholder with `render(name)`. */
export function replacePlaceholders(sql: string, render: (name: string) => string): string {
  let out = '';
  let last = 0;
  for (const p of findPlaceholders(sql)) {
    out += sql.slice(last, p.start) + render(p.name);
    last = p.end;
  }
  return out + sql.slice(last);
}

/** Removes trailing semicolons and whitespace: both engines take one statement per call. */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/u, '');
}
