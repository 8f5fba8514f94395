// `pnpm audit-lake --bogus`, `pnpm backfill --bogus` and `pnpm import-objects --bogus` in-process: exit 2
// (usage) with one line naming the flag, before any configuration is read or any service is called.
import { describe, expect, it } from '@jest/globals';
import { runCli, type CliDeps } from '../src/cli.js';
import { runImportObjects } from '../src/import-objects/run.js';

const untouchable = (): never => {
  throw new Error('an unknown flag must stop the tool before it calls anything');
};
const deps: CliDeps = { now: () => new Date('2026-12-07T00:00:00Z'), cwd: '/nonexistent', createStripe: untouchable, openLake: untouchable, openWriter: untouchable };

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, stderrIsTTY: false };
  return { out, io };
}

describe('an unknown flag', () => {
  it.each([['audit'], ['backfill']])('pnpm %s --bogus exits 2 with one line naming --bogus', async (command) => {
    const { out, io } = capture();
    expect(await runCli([command, '--bogus'], {}, io, deps)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(new RegExp(`^${command === 'audit' ? 'audit-lake' : 'backfill'}: Unknown option '--bogus'`));
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('pnpm import-objects --bogus exits 2 with one line naming --bogus', async () => {
    const { out, io } = capture();
    expect(await runImportObjects(['--bogus'], {}, io, deps)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^import-objects: Unknown option '--bogus'/);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});
