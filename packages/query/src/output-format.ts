// Rendering results: an aligned table (default), CSV (RFC 4180), or one JSON array of row objects.
// Cells are end-customer data (names, descriptions, metadata anyone can write), so neither format lets a
// cell act: CSV cells cannot become spreadsheet formulas, table cells cannot drive the terminal.
import type { QueryResult } from './result.js';

/**
 * OWASP's CSV Injection guidance: spreadsheets run a cell starting with = + - @, tab or carriage return
 * as a formula; a leading apostrophe makes it text. Numbers are left alone: -1500 is a number, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** C0 and C1 controls (ESC starts terminal sequences) and the bidirectional marks that reorder text. */
const CONTROL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

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
      const esc = (value: unknown) => {
        const text = cellText(value);
        const safe = typeof value !== 'number' && FORMULA_START.test(text) ? `'${text}` : text;
        return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const lines = [result.columns.map(esc).join(',')];
      for (const row of result.rows) lines.push(result.columns.map((c) => esc(row[c])).join(','));
      return `${lines.join('\r\n')}\r\n`;
    }
    case 'table': {
      // Long cells (bodies) are cut so the table stays readable; use csv/json for full values.
      const max = 80;
      const cut = (s: string) => {
        const flat = s.replace(/\s+/g, ' ').replace(CONTROL, '');
        return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
      };
      const cells = result.rows.map((row) => result.columns.map((c) => cut(row[c] === null ? 'NULL' : cellText(row[c]))));
      const headers = result.columns.map(cut);
      const widths = headers.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
      const numeric = result.columns.map((c) => result.rows.length > 0 && result.rows.every((r) => typeof r[c] === 'number' || r[c] === null));
      const line = (vals: string[]) =>
        vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' │ ').trimEnd();
      const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
      const n = result.rows.length;
      return [line(headers), rule, ...cells.map(line), `(${n} row${n === 1 ? '' : 's'})`, ''].join('\n');
    }
  }
}
