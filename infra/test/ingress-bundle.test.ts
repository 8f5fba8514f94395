import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUNDLE_ENTRY, bundleIngress } from '../lib/ingress-bundle.js';

const run = promisify(execFile);

// Stand-ins for the ingress and the entry: the entry finishes its own work (top-level await) before it
// starts the ingress, and the ingress, a separate file, never takes itself for the main module.
describe('bundleIngress', () => {
  let dir: string;
  let outDir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'event-lake-bundle-'));
    writeFileSync(
      path.join(dir, 'launcher.ts'),
      [
        "await new Promise((r) => setTimeout(r, 20));",
        "process.env['STRIPE_WEBHOOK_SECRET'] = 'whsec_from_launcher';",
        "const ingress = (await import(new URL('./ingress.mjs', import.meta.url).href)) as { runIngressProcess(): void };",
        'ingress.runIngressProcess();',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'main.ts'),
      [
        "import { pathToFileURL } from 'node:url';",
        'const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;',
        "export function runIngressProcess(): void { process.stdout.write(JSON.stringify({ isMain, secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? null })); }",
      ].join('\n'),
    );
    outDir = bundleIngress({ ingressEntry: path.join(dir, 'main.ts'), launcherEntry: path.join(dir, 'launcher.ts'), outDir: path.join(dir, 'out') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes index.js at the root (the Web Functions default entry), ingress.mjs, source maps, an ESM package.json and run.sh', () => {
    expect(BUNDLE_ENTRY).toBe('index.js');
    expect(readdirSync(outDir).sort()).toEqual(['index.js', 'index.js.map', 'ingress.mjs', 'ingress.mjs.map', 'package.json', 'run.sh']);
    expect(JSON.parse(readFileSync(path.join(outDir, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    expect(statSync(path.join(outDir, 'run.sh')).mode & 0o111).toBe(0o111);
  });

  it('`node index.js` runs the entry first, then starts the ingress once, from any working directory', async () => {
    const env = { PATH: process.env['PATH'] ?? '' };
    const { stdout } = await run(process.execPath, [path.join(outDir, 'index.js')], { cwd: os.tmpdir(), env });
    expect(JSON.parse(stdout)).toEqual({ isMain: false, secret: 'whsec_from_launcher' });
  });

  it('run.sh (the Lambda Web Adapter start command) runs the same entry', async () => {
    const env = { PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}` };
    const { stdout } = await run('/bin/sh', [path.join(outDir, 'run.sh')], { cwd: os.tmpdir(), env });
    expect(JSON.parse(stdout)).toEqual({ isMain: false, secret: 'whsec_from_launcher' });
  });

  it('refuses to build without the ingress entry', () => {
    expect(() => bundleIngress({ ingressEntry: path.join(dir, 'missing.ts'), launcherEntry: path.join(dir, 'launcher.ts'), outDir: path.join(dir, 'out2') })).toThrow(
      /missing\.ts does not exist/,
    );
  });
});
