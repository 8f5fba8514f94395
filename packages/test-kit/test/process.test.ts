// The test process runner, on real `node -e` children.
import { describe, expect, it } from '@jest/globals';
import { startProcess } from '../src/process.js';

const node = (script: string) => startProcess(process.execPath, ['-e', script], { env: { PATH: process.env['PATH'] }, name: 'the script' });

describe('startProcess', () => {
  it('keeps stdout and stderr apart in the result, and every line in order of reading', async () => {
    const run = node("console.log('out one'); console.error('err one'); console.log('out two'); process.exitCode = 3");
    const result = await run.exited;
    expect(result).toEqual({ code: 3, signal: null, stdout: 'out one\nout two\n', stderr: 'err one\n' });
    expect([...run.lines].sort()).toEqual(['err one', 'out one', 'out two']);
  });

  it('waits for what a test expects, printed later', async () => {
    const run = node("setTimeout(() => console.log('listening on http://127.0.0.1:1234'), 200); setTimeout(() => {}, 30_000)");
    expect((await run.waitFor(/listening on (\S+)/, 20_000))[1]).toBe('http://127.0.0.1:1234');
    run.child.kill('SIGTERM');
    expect((await run.exited).signal).toBe('SIGTERM');
  });

  it('gives up when the process exits without printing it, with the output so far', async () => {
    const run = node("console.log('config error: PORT'); process.exit(2)");
    await expect(run.waitFor(/listening/, 60_000)).rejects.toThrow(/the script did not print \/listening\/ before it exited:\nconfig error: PORT/);
  });

  it('gives up at the timeout', async () => {
    const run = node('setTimeout(() => {}, 30_000)');
    await expect(run.waitFor(/never/, 300)).rejects.toThrow(/within 0.3 s/);
    run.child.kill('SIGKILL');
    await run.exited;
  });
});
