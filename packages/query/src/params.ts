// Named-query parameters: declared types, validation of user values, and rendering as SQL literals that
// mean the same on Athena (Trino) and DuckDB. Values never reach SQL except through these renderers.
import { ParamError } from './errors.js';
import { replacePlaceholders } from './sql-text.js';

export const PARAM_TYPES = ['string', 'integer', 'date', 'timestamp'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
}

export function isParamType(value: string): value is ParamType {
  return (PARAM_TYPES as readonly string[]).includes(value);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, or date and time (T or space), optional fraction, optional Z or ±hh:mm offset.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MAX_STRING = 1000;

/** Renders one user value as a typed SQL literal, or throws ParamError naming the parameter. */
export function renderParam(spec: ParamSpec, raw: string): string {
  const bad = (why: string) => new ParamError(`parameter "${spec.name}" (${spec.type}): ${why}, got ${JSON.stringify(raw.slice(0, 80))}`);
  switch (spec.type) {
    case 'string': {
      if (raw.length > MAX_STRING) throw bad(`longer than ${MAX_STRING} characters`);
      if (raw.includes('\u0000')) throw bad('contains a NUL character');
      return `'${raw.replace(/'/g, "''")}'`;
    }
    case 'integer': {
      if (!/^-?\d{1,15}$/.test(raw)) throw bad('expected an integer');
      return String(Number(raw));
    }
    case 'date': {
      const m = DATE.exec(raw);
      if (!m || !sameDate(raw)) throw bad('expected a date YYYY-MM-DD');
      return `DATE '${raw}'`;
    }
    case 'timestamp': {
      if (!TIMESTAMP.test(raw)) throw bad('expected YYYY-MM-DD or an ISO-8601 time such as 2026-01-31T12:00:00Z');
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) && raw.length > 10;
      const iso = raw.length === 10 ? `${raw}T00:00:00Z` : hasZone ? raw.replace(' ', 'T') : `${raw.replace(' ', 'T')}Z`;
      const ms = Date.parse(iso);
      if (Number.isNaN(ms) || (raw.length >= 10 && !sameDate(raw.slice(0, 10)))) throw bad('not a valid time');
      // UTC wall-clock time: both engines run their sessions in UTC.
      return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
    }
  }
}

/** True when YYYY-MM-DD is a real calendar day (rejects 2026-02-30). */
function sameDate(ymd: string): boolean {
  const ms = Date.parse(`${ymd}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === ymd;
}

/**
 * Substitutes every `:name` placeholder of `sql` with its rendered value. Every declared parameter is
 * required; unknown names are refused so a typo never silently runs a different query.
 */
export function bindParams(sql: string, specs: readonly ParamSpec[], values: Readonly<Record<string, string>>): string {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) {
      const known = specs.map((s) => s.name).join(', ') || 'none';
      throw new ParamError(`unknown parameter "${name}" (this query takes: ${known})`);
    }
  }
  const rendered = new Map<string, string>();
  for (const spec of specs) {
    const raw = values[spec.name];
    if (raw === undefined) throw new ParamError(`missing parameter "${spec.name}" (${spec.type}): ${spec.description}`);
    rendered.set(spec.name, renderParam(spec, raw));
  }
  return replacePlaceholders(sql, (name) => {
    const literal = rendered.get(name);
    if (literal === undefined) throw new ParamError(`the SQL uses :${name}, which is not a declared parameter`);
    return literal;
  });
}
