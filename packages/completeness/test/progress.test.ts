import { describe, it, expect } from '@jest/globals';
import { createProgressLine } from '../src/progress.js';

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

  it('prints whole lines, throttled, in logs and pipes, and the final state once', () => {
    const s = sink();
    let t = 0;
    const p = createProgressLine(s, { isTTY: false, now: () => t, intervalMs: 5000 });
    p.update('1 page');
    t = 1000;
    p.update('2 pages');
    p.done();
    expect(s.out).toEqual(['1 page\n', '2 pages\n']);
  });
});
