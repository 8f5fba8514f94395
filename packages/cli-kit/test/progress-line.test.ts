import { describe, it, expect } from '@jest/globals';
import { createProgressLine } from '../src/progress-line.js';

function sink() {
  const out: string[] = [];
  return { out, write: (s: string) => out.push(s) };
}

describe('createProgressLine', () => {
  it('rewrites one line in place on a terminal and ends it with a newline', () => {
    const s = sink();
    let t = 0;
    const p = createProgressLine(s, { isTTY: true, now: () => t, intervalMs: 100 });
    p.update('a');
    t = 50;
    p.update('b'); // throttled
    t = 200;
    p.update('c');
    p.done('finished');
    expect(s.out).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kc', '\r\x1b[2Kfinished\n']);
  });

  it('prints whole lines in logs and pipes, at most one per interval, and the final state once', () => {
    const s = sink();
    let t = 0;
    const p = createProgressLine(s, { isTTY: false, now: () => t, intervalMs: 5000 });
    p.update('1 page');
    for (const [at, text] of [[1000, '2 pages'], [2500, '3 pages'], [4999, '4 pages']] as const) {
      t = at;
      p.update(text); // within 5 s of the last printed line: held back
    }
    expect(s.out).toEqual(['1 page\n']);
    t = 5000;
    p.update('5 pages'); // 5 s after: printed
    t = 6000;
    p.update('6 pages'); // held back again: the interval counts from the last printed line
    expect(s.out).toEqual(['1 page\n', '5 pages\n']);
    p.done(); // the last state, which was held back
    expect(s.out).toEqual(['1 page\n', '5 pages\n', '6 pages\n']);
  });

  it('does not repeat the final state when it was the last line printed', () => {
    const s = sink();
    const p = createProgressLine(s, { isTTY: false, now: () => 0, intervalMs: 5000 });
    p.update('done: 3 pages');
    p.done();
    expect(s.out).toEqual(['done: 3 pages\n']);
  });

  it('throttles to 100 ms on a terminal and 5 s in logs unless told otherwise', () => {
    for (const [isTTY, interval] of [[true, 100], [false, 5000]] as const) {
      const s = sink();
      let t = 0;
      const p = createProgressLine(s, { isTTY, now: () => t });
      p.update('a');
      t = interval - 1;
      p.update('b');
      t = interval;
      p.update('c');
      expect(s.out.map((line) => line.replace('\r\x1b[2K', '').trim())).toEqual(['a', 'c']);
    }
  });
});
