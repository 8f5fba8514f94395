// The shared child-process runner, on real `node -e` children.
import { describe, expect, it } from '@jest/globals';
import { runChild, untilReady } from '../src/index.js';

const node = (script: string, onLine: (line: string) => void = () => undefined, isReadyLine?: (line: string) => boolean) =>
  runChild(process.execPath, ['-e', script], { env: { PATH: process.env['PATH'] }, onLine, ...(isReadyLine ? { isReadyLine } : {}) });

describe('runChild', () => {
  it('passes on every line of stdout and stderr before it reports the exit code', async () => {
    const lines: string[] = [];
    const run = node("console.log('one'); console.error('two'); console.log('three'); process.exitCode = 4", (l) => lines.push(l));
    expect(await run.exited).toBe(4);
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
  });

  it('is ready at the line the caller recognises', async () => {
    const run = node("console.log('starting'); setTimeout(() => console.log('Ready! listening'), 50); setTimeout(() => {}, 60_000)", undefined, (l) => l.startsWith('Ready!'));
    expect(await untilReady(run.ready, run.exited, 20_000)).toBe('ready');
    await run.stop(5_000);
    expect(run.child.signalCode).toBe('SIGTERM');
  });

  it('keeps stdout whole when asked, and still passes stderr on as lines', async () => {
    const lines: string[] = [];
    const run = runChild(process.execPath, ['-e', "process.stdout.write('whsec_x\\n'); console.error('note')"], {
      env: { PATH: process.env['PATH'] }, captureStdout: true, onLine: (l) => lines.push(l),
    });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toBe('whsec_x\n');
    expect(lines).toEqual(['note']);
  });

  it('stops a child that ignores SIGTERM with SIGKILL once the grace is over', async () => {
    const run = node("process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)", undefined, (l) => l === 'up');
    expect(await untilReady(run.ready, run.exited, 20_000)).toBe('ready');
    await run.stop(300);
    expect(run.child.signalCode).toBe('SIGKILL');
  });

  it('rejects `exited` when the command cannot be started, and stop still returns', async () => {
    const run = runChild('/nonexistent/command', [], { env: {}, onLine: () => undefined });
    await expect(run.exited).rejects.toThrow(/ENOENT/);
    await run.stop(100);
  });
});

describe('untilReady', () => {
  it('says the process ended when it ends before its ready line', async () => {
    const run = node('process.exit(3)', undefined, () => true);
    expect(await untilReady(run.ready, run.exited, 20_000)).toBe('ended');
  });

  it('says timeout when neither comes in time', async () => {
    expect(await untilReady(new Promise(() => undefined), new Promise(() => undefined), 20)).toBe('timeout');
  });
});
