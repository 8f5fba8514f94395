// Converts Athena's text results (every value is a VarCharValue) using the column types of the result
// metadata, to the same value shapes as the local backend (see result.ts).

/** One value as Athena returned it; `undefined` means SQL NULL (no VarCharValue). */
export function convertAthenaValue(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  const t = type.toLowerCase();
  if (t === 'tinyint' || t === 'smallint' || t === 'integer' || t === 'int' || t === 'bigint') {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (t === 'double' || t === 'float' || t === 'real' || t.startsWith('decimal')) {
    if (text === 'NaN') return Number.NaN;
    if (text === 'Infinity') return Number.POSITIVE_INFINITY;
    if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
    return Number(text);
  }
  if (t === 'boolean') return text === 'true';
  if (t.startsWith('timestamp')) return athenaTimestampToIso(text);
  return text; // varchar, char, date (already YYYY-MM-DD), json, arrays, maps, rows
}

/**
 * "2026-01-01 00:00:00.000" or "2026-01-01 00:00:00.000 UTC" to ISO-8601 UTC. Timestamps in another
 * zone stay as Athena printed them (we never guess an offset).
 */
export function athenaTimestampToIso(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?( UTC| Z)?$/.exec(text);
  if (!m) return text;
  const ms = (m[3] ?? '.000').slice(0, 4).padEnd(4, '0');
  return `${m[1]}T${m[2]}${ms}Z`;
}
