// Rendering results: an aligned table (default), CSV (RFC 4180), or one JSON array of row objects.
import type { QueryResult } from './result.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatResult(result: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result.rows)}\n`;
    case 'csv': {
      const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const lines = [result.columns.map(esc).join(',')];
      for (const row of result.rows) lines.push(result.columns.map((c) => esc(cellText(row[c]))).join(','));
      return `${lines.join('\r\n')}\r\n`;
    }
    case 'table': {
      // Long cells (bodies) are cut so the table stays readable; use csv/json for full values.
      const max = 80;
      const cut = (s: string) => {
        const flat = s.replace(/\s+/g, ' ');
        return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
      };
      const cells = result.rows.map((row) => result.columns.map((c) => cut(row[c] === null ? 'NULL' : cellText(row[c]))));
      const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
      const numeric = result.columns.map((c) => result.rows.length > 0 && result.rows.every((r) => typeof r[c] === 'number' || r[c] === null));
      const line = (vals: string[]) =>
        vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' │ ').trimEnd();
      const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
      const n = result.rows.length;
      return [line(result.columns), rule, ...cells.map(line), `(${n} row${n === 1 ? '' : 's'})`, ''].join('\n');
    }
  }
}
