// `pnpm query --bogus` and `pnpm curate --bogus` in-process: exit 2 (usage) with one line naming the flag,
// nothing on stdout (docs/exit-codes.md).
import { describe, expect, it } from '@jest/globals';
import { runCurateCli, runQueryCli } from '../src/index.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, stderrIsTTY: false };
  return { out, io };
}

describe('an unknown flag', () => {
  it('pnpm query --bogus exits 2 with one line naming --bogus', async () => {
    const { out, io } = capture();
    expect(await runQueryCli(['--bogus'], {}, io, { cwd: '/nonexistent' })).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe("query: Unknown option '--bogus' (pnpm query --help for the usage)\n");
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('pnpm query with a usage mistake exits 2 (it was 1 before every tool shared the exit codes)', async () => {
    const { out, io } = capture();
    expect(await runQueryCli(['--sql', 'SELECT 1', '--format', 'xml'], {}, io, { cwd: '/nonexistent' })).toBe(2);
    expect(out.stderr).toMatch(/^query: --format must be one of table, csv, json, got "xml"/);
  });

  it('pnpm query <a name that is no named query> exits 2 naming it', async () => {
    const { out, io } = capture();
    expect(await runQueryCli(['no_such_query'], {}, io, { cwd: '/nonexistent' })).toBe(2);
    expect(out.stderr).toMatch(/^query: no named query "no_such_query"; available: .*\(see --list\)\n$/);
  });

  it('pnpm curate --bogus exits 2 with one line naming --bogus', async () => {
    const { out, io } = capture();
    expect(await runCurateCli(['--bogus'], {}, io, { cwd: '/nonexistent' })).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^curate: Unknown option '--bogus'/);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});
