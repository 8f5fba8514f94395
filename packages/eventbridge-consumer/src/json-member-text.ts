// The exact text of one member's value inside a JSON object's text, found without re-serialising.
// EventBridge hands the consumer the envelope as JSON text; the archive keeps the `detail` member as that
// text carried it (spacing, key order, number spelling and escapes included), so it must be cut out of
// the text rather than rebuilt with JSON.stringify from the parsed value.

/**
 * Start and end (exclusive) of the value of top-level member `name` in `text`, which must already have
 * parsed as a JSON object (so the scan can trust its structure). When the member appears more than once
 * the last one is returned, as JSON.parse keeps the last. Undefined when there is no such member.
 */
export function memberValueRange(text: string, name: string): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd) + 1; // past ':'
    const start = skipSpace(text, i);
    const end = skipValue(text, start);
    if (key === name) found = { start, end };
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return found;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** `i` is at an opening quote; returns the index after the closing one. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  throw new SyntaxError('unterminated string');
}

/** Index after the value starting at `i` (object, array, string or scalar). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError('unterminated object or array');
  }
  let j = i;
  while (j < text.length && !',}] \n\r\t'.includes(text[j]!)) j++;
  return j;
}
