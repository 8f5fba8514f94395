// The CLI: argument parsing (pure), output formats, and the real process (stdout carries only results).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../src/cli.js';
import { UsageError } from '@event-lake/cli-kit';
import { formatResult } from '../src/output-format.js';
import { generateScenario, writeScenarioLake } from '@event-lake/test-kit';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('parseCli', () => {
  it('resolves LAKE_DIR and --file against INIT_CWD (where the user ran pnpm), not the package folder', () => {
    const env = { INIT_CWD: '/home/me/project', LAKE_DIR: 'data/lake' };
    expect(parseCli(['--file', 'q.sql'], env, PACKAGE_DIR)).toMatchObject({
      kind: 'run', source: { file: '/home/me/project/q.sql' }, backend: { backend: 'local', lakeDir: '/home/me/project/data/lake' }, format: 'table',
    });
    expect(parseCli(['--sql', 'SELECT 1', '--lake-dir', '/abs'], {}, '/cwd')).toMatchObject({ backend: { lakeDir: '/abs' } });
    expect(parseCli(['--sql', 'SELECT 1'], {}, '/cwd')).toMatchObject({ backend: { lakeDir: '/cwd/lake' } });
  });

  it('--no-cache turns the Parquet cache off; without it the backend keeps its default (on)', () => {
    expect(parseCli(['--sql', 'SELECT 1', '--no-cache'], {}, '/cwd')).toMatchObject({ backend: { backend: 'local', lakeDir: '/cwd/lake', cache: false } });
    expect(parseCli(['--sql', 'SELECT 1'], {}, '/cwd')).toEqual(expect.objectContaining({ backend: { backend: 'local', lakeDir: '/cwd/lake' } }));
  });

  it('takes named-query params as name=value, values may contain =', () => {
    expect(parseCli(['event_by_id', '-p', 'event_id=evt_a=b', '--format', 'json'], {}, '/')).toMatchObject({
      source: { named: 'event_by_id', params: { event_id: 'evt_a=b' } }, format: 'json',
    });
  });

  it('reads Athena settings from flags first, then the environment', () => {
    const env = { ATHENA_WORKGROUP: 'wg-env', ATHENA_DATABASE: 'db', AWS_REGION: 'eu-west-1', ATHENA_OUTPUT_LOCATION: 's3://r/' };
    expect(parseCli(['--sql', 'SELECT 1', '--backend', 'athena', '--workgroup', 'wg-flag'], env, '/')).toMatchObject({
      backend: { backend: 'athena', workgroup: 'wg-flag', database: 'db', region: 'eu-west-1', outputLocation: 's3://r/' },
    });
  });

  it.each([
    [[], /exactly one of/],
    [['q', '--sql', 'SELECT 1'], /exactly one of/],
    [['--sql', 'SELECT 1', '--format', 'xml'], /--format must be/],
    [['--sql', 'SELECT 1', '--backend', 'bigquery'], /--backend must be/],
    [['q', '-p', 'novalue'], /name=value/],
    [['q', '-p', 'a=1', '-p', 'a=2'], /given twice/],
    [['--sql', 'SELECT 1', '-p', 'a=1'], /named queries only/],
    [['--sql', 'SELECT 1', '--bogus'], /bogus/],
    [['--sql', 'SELECT 1', '--backend', 'athena', '--output-location', 'bucket/x'], /s3:\/\//],
    [['--sql', 'SELECT 1', '--backend', 'athena', '--no-cache'], /local backend only/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCli(argv, {}, '/')).toThrow(UsageError);
    expect(() => parseCli(argv, {}, '/')).toThrow(message);
  });
});

describe('formatResult', () => {
  const result = { columns: ['a', 'b'], rows: [{ a: 'x,"y"', b: 1 }, { a: null, b: 22 }] };
  it('json is one array of row objects', () => {
    expect(JSON.parse(formatResult(result, 'json'))).toEqual(result.rows);
  });
  it('csv quotes per RFC 4180 and leaves NULL empty', () => {
    expect(formatResult(result, 'csv')).toBe('a,b\r\n"x,""y""",1\r\n,22\r\n');
  });
  it('table aligns columns and right-aligns numbers', () => {
    expect(formatResult(result, 'table')).toBe(['a     │  b', '──────┼───', 'x,"y" │  1', 'NULL  │ 22', '(2 rows)', ''].join('\n'));
  });
});

describe('the query process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'query-cli-'));
    await writeScenarioLake(path.join(dir, 'lake'), generateScenario({ start: new Date('2026-05-05T10:00:00Z'), spanHours: 1, events: 20, seed: 5 }));
    await writeScenarioLake(path.join(dir, 'lake2'), generateScenario({ start: new Date('2026-05-05T10:00:00Z'), spanHours: 2, events: 20, seed: 6 }));
    await writeScenarioLake(path.join(dir, 'lake3'), generateScenario({ start: new Date('2026-05-05T10:00:00Z'), spanHours: 3, events: 40, seed: 8 }));
    await writeFile(path.join(dir, 'count.sql'), 'SELECT count(*) AS events FROM event_lake.stripe_events_deduped;\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const runCli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: PACKAGE_DIR, env: { ...process.env, INIT_CWD: dir, LAKE_DIR: '' } }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  it('--format json prints exactly one JSON array on stdout; status goes to stderr', async () => {
    const out = await runCli(['--file', 'count.sql', '--format', 'json']);
    expect(out.code).toBe(0);
    expect(out.stdout.endsWith('\n')).toBe(true);
    const rows = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([{ events: expect.any(Number) }]);
    expect(Number(rows[0]!['events'])).toBeGreaterThanOrEqual(20);
    expect(out.stderr).toContain('row(s)');
  }, 60_000);

  it('says on stderr when it converts new objects into the cache, once; --no-cache writes no cache', async () => {
    const plain = await runCli(['--file', 'count.sql', '--format', 'json', '--lake-dir', 'lake2', '--no-cache']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('caching');
    await expect(readdir(path.join(dir, 'lake2'))).resolves.toEqual(['events']);
    const first = await runCli(['--file', 'count.sql', '--format', 'json', '--lake-dir', 'lake2']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/caching \d+ new lake objects? as Parquet/);
    const second = await runCli(['--file', 'count.sql', '--format', 'json', '--lake-dir', 'lake2']);
    expect(second.stderr).not.toContain('caching');
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(plain.stdout));
  }, 120_000);

  it('curates what arrived before a query on a curated view, with a status line, once; a raw query does not curate', async () => {
    const raw = await runCli(['--sql', 'SELECT count(*) AS n FROM event_lake.stripe_events', '--lake-dir', 'lake3']);
    expect(raw.stderr).not.toContain('curating');
    const sql = 'SELECT count(*) AS n FROM event_lake.stripe_events_curated';
    const first = await runCli(['--sql', sql, '--format', 'json', '--lake-dir', 'lake3']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/curating \d+ new lake objects? into stripe_events_curated/);
    const second = await runCli(['--sql', sql, '--format', 'json', '--lake-dir', 'lake3']);
    expect(second.stderr).not.toContain('curating');
    const deduped = await runCli(['--sql', 'SELECT count(*) AS n FROM event_lake.stripe_events_deduped', '--format', 'json', '--lake-dir', 'lake3']);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(deduped.stdout));
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(deduped.stdout));
  }, 120_000);

  it('two processes filling the cache of the same lake at once both answer, and leave no temporary file', async () => {
    const args = ['--file', 'count.sql', '--format', 'json', '--lake-dir', 'lake3'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    const want = await runCli([...args, '--no-cache']);
    expect([a.code, b.code, want.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(want.stdout));
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(want.stdout));
    const cached = await readdir(path.join(dir, 'lake3', '.query-cache'), { recursive: true });
    expect(cached.filter((f) => f.endsWith('.parquet')).length).toBeGreaterThan(0);
    expect(cached.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('a bad parameter exits 2 (usage) with a message naming it and nothing on stdout', async () => {
    const out = await runCli(['volume_by_type_per_day', '-p', 'start=yesterday', '-p', 'end=2026-01-01', '--format', 'json']);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toMatch(/parameter "start" \(timestamp\)/);
  }, 60_000);
});
