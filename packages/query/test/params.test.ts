import { describe, expect, it } from '@jest/globals';
import { ParamError } from '../src/errors.js';
import { parseNamedQuery } from '../src/named-queries.js';
import { bindParams, renderParam, type ParamSpec } from '../src/params.js';
import { findPlaceholders } from '../src/sql-text.js';

const spec = (type: ParamSpec['type']): ParamSpec => ({ name: 'p', type, description: 'd' });

describe('renderParam', () => {
  it('renders typed literals that mean the same on Athena and DuckDB', () => {
    expect(renderParam(spec('string'), "it's")).toBe("'it''s'");
    expect(renderParam(spec('integer'), '-42')).toBe('-42');
    expect(renderParam(spec('date'), '2026-02-28')).toBe("DATE '2026-02-28'");
    expect(renderParam(spec('timestamp'), '2026-01-31')).toBe("TIMESTAMP '2026-01-31 00:00:00.000'");
    expect(renderParam(spec('timestamp'), '2026-01-31T12:30:00Z')).toBe("TIMESTAMP '2026-01-31 12:30:00.000'");
    expect(renderParam(spec('timestamp'), '2026-01-31 12:30')).toBe("TIMESTAMP '2026-01-31 12:30:00.000'");
    expect(renderParam(spec('timestamp'), '2026-01-31T12:30:00+02:00')).toBe("TIMESTAMP '2026-01-31 10:30:00.000'");
  });

  it.each([
    ['integer', '1; DROP TABLE x'],
    ['integer', '1.5'],
    ['date', '2026-02-30'],
    ['date', "2026-01-01' OR '1'='1"],
    ['timestamp', 'yesterday'],
    ['timestamp', '2026-13-01'],
    ['string', 'x'.repeat(1001)],
  ] as const)('rejects %s %j with a ParamError naming the parameter', (type, raw) => {
    expect(() => renderParam(spec(type), raw)).toThrow(ParamError);
    expect(() => renderParam(spec(type), raw)).toThrow(/parameter "p"/);
  });
});

describe('placeholders', () => {
  it('ignores string literals, quoted identifiers, comments and :: casts', () => {
    const sql = `SELECT '12:30 :x', "a:b", x::int -- :c\n/* :d */ FROM t WHERE a = :id AND b = :id2`;
    expect(findPlaceholders(sql).map((p) => p.name)).toEqual(['id', 'id2']);
  });

  it('bindParams requires every declared parameter and refuses unknown ones', () => {
    const specs: ParamSpec[] = [{ name: 'id', type: 'string', description: 'an id' }];
    expect(bindParams('SELECT :id, :id', specs, { id: 'a' })).toBe("SELECT 'a', 'a'");
    expect(() => bindParams('SELECT :id', specs, {})).toThrow(/missing parameter "id"/);
    expect(() => bindParams('SELECT :id', specs, { id: 'a', idd: 'b' })).toThrow(/unknown parameter "idd"/);
  });
});

describe('named query headers', () => {
  const file = (text: string) => ({ name: 'q', path: '/athena/queries/q.sql', text });
  it('parses name, description and params', () => {
    const q = parseNamedQuery(file('-- name: q\n-- description: Does a thing.\n-- param: start timestamp From here\nSELECT :start'));
    expect(q).toMatchObject({ name: 'q', description: 'Does a thing.', params: [{ name: 'start', type: 'timestamp', description: 'From here' }] });
  });
  it.each([
    ['-- name: other\n-- description: x\nSELECT 1', /must equal the file name/],
    ['-- name: q\nSELECT 1', /missing "-- description:"/],
    ['-- name: q\n-- description: x\n-- param: a float z\nSELECT :a', /expected one of/],
    ['-- name: q\n-- description: x\n-- param: a string z\nSELECT 1', /declared but never used/],
    ['-- name: q\n-- description: x\nSELECT :b', /:b is used but not declared/],
  ])('refuses a bad header %#', (text, message) => {
    expect(() => parseNamedQuery(file(text))).toThrow(message);
  });
});
