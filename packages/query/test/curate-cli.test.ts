// `pnpm curate` in-process: what it prints, its exit codes, and its one-line usage errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCurateCli, type CurateEnv } from '../src/index.js';
import { curationScenario } from './curation-fixtures.js';
import { writeLakeObject } from '@event-lake/test-kit';

let lakeDir: string;
beforeAll(async () => {
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'query-curate-cli-'));
  for (const [i, o] of curationScenario().objects.slice(0, 3).entries()) await writeLakeObject(lakeDir, new Date(Date.UTC(2026, 0, 1, i)), o.lines, { name: `${o.name}.gz` });
});
afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

async function curate(argv: string[], env: CurateEnv = {}) {
  let out = '';
  let err = '';
  const code = await runCurateCli(argv, env, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stderrIsTTY: false }, { cwd: lakeDir });
  return { code, out, err };
}

describe('pnpm curate', () => {
  it('--dry-run says what it would read and writes nothing; a run reads it; a second run finds nothing new; --rebuild reads all again', async () => {
    expect(await curate(['--dry-run', '--lake-dir', lakeDir])).toMatchObject({ code: 0, out: 'dry run: would read 3 lake object(s) in 3 partition(s); nothing written\n' });
    const first = await curate(['--lake-dir', lakeDir]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^read 3 lake object\(s\) in 3 partition\(s\) \([\d.]+ [KMGT]?B read\); merged \d+ event\(s\): \d+ inserted, 0 replaced; .* row\(s\) in stripe_events_curated/);
    expect(first.err).toContain('curate: merging new lake objects');
    expect((await curate([], { LAKE_DIR: lakeDir })).out).toMatch(/^up to date: no new lake objects/);
    expect((await curate(['--rebuild', '--lake-dir', lakeDir])).out).toMatch(/^rebuilt: read 3 lake object\(s\)/);
  });

  it.each([
    [['--frobnicate'], /^curate: Unknown option '--frobnicate'/],
    [['--backend', 'spark'], /^curate: --backend must be local or athena, got "spark"\n$/],
    [['--lake-dir', '/nonexistent/lake'], /^curate: lake folder \/nonexistent\/lake does not exist \(set LAKE_DIR or --lake-dir\)\n$/],
    [['--backend', 'athena', '--rebuild'], /^curate: --backend athena needs AWS_REGION \(or --region\)\n$/],
    [['--backend', 'athena', '--region', 'eu-west-1'], /^curate: --backend athena needs --since <the last run's watermark> or --rebuild\n$/],
    [['--since', '2026-01-01'], /^curate: --since applies to --backend athena only\n$/],
  ])('%j exits 2 with one line naming the problem', async (argv, message) => {
    const { code, err, out } = await curate(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  it('--backend athena --dry-run prints the MERGE statements of the window, and calls nothing', async () => {
    const { code, out } = await curate(['--backend', 'athena', '--dry-run', '--since', '2026-01-01T10:00:00Z']);
    expect(code).toBe(0);
    expect(out).toContain('MERGE INTO event_lake.stripe_events_curated AS t');
    expect(out).toContain('MERGE INTO event_lake.stripe_events_curation_pending AS p');
    expect(out).toContain("dt BETWEEN '2026-01-01' AND ");
    expect(out).toContain("BETWEEN '2026-01-01 08' AND "); // the watermark minus 2 h of slack
  });
});
