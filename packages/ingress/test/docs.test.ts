// Keeps docs/schema.md and docs/reliability.md true: their tables must list exactly what the code defines.
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ARCHIVE_COLUMNS } from '@event-lake/lake-format';
import { hostileRequests } from './hostile-requests.js';

const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');

/** Rows of the markdown tables in `text` whose first cell matches `first`, split into trimmed cells. */
function rows(text: string, first: RegExp): string[][] {
  return text.split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()))
    .filter((cells) => first.test(cells[0] ?? ''));
}

describe('docs', () => {
  it('schema.md lists every archive column with its type and nullability, in order', () => {
    const table = rows(doc('schema.md'), /^`[a-z_]+`$/).map(([name, type, nullable]) => [name, type, nullable]);
    expect(table).toEqual(ARCHIVE_COLUMNS.map((c) => [`\`${c.name}\``, c.type, c.nullable ? 'yes' : 'no']));
  });

  it('reliability.md lists every hostile request with its status and code', () => {
    const table = rows(doc('reliability.md'), /^\d{1,2}$/).map(([, name, status, code]) => [name, Number(status), code]);
    expect(table).toEqual(hostileRequests(1_700_000_000, 1024).map((c) => [c.name, c.status, `\`${c.code}\``]));
  });
});
