// `pnpm replay --bogus` in-process: exit 2 (usage) with one line naming the flag, before the lake is read.
import { describe, expect, it } from '@jest/globals';
import { runReplayCli } from '../src/run-cli.js';

describe('an unknown flag', () => {
  it('pnpm replay --bogus exits 2 with one line naming --bogus', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runReplayCli(['--bogus'], {}, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stderrIsTTY: false,
    }, { cwd: '/nonexistent' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^replay: Unknown option '--bogus'/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
