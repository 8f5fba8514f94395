import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bundleIngress } from '../lib/ingress-bundle.js';

const run = promisify(execFile);

// Stand-ins for the ingress and the secret step: the bundle must run the preloaded step to completion
// (top-level await) before the entry, and the entry must see itself as the main module.
describe('bundleIngress', () => {
  let dir: string;
  let outDir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'event-lake-bundle-'));
    writeFileSync(
      path.join(dir, 'launcher.ts'),
      "await new Promise((r) => setTimeout(r, 20));\nprocess.env['STRIPE_WEBHOOK_SECRET'] = 'whsec_from_launcher';\n",
    );
    writeFileSync(
      path.join(dir, 'main.ts'),
      [
        "import { pathToFileURL } from 'node:url';",
        'const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;',
        "process.stdout.write(JSON.stringify({ isMain, secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? null }));",
      ].join('\n'),
    );
    outDir = bundleIngress({ ingressEntry: path.join(dir, 'main.ts'), launcherEntry: path.join(dir, 'launcher.ts'), outDir: path.join(dir, 'out') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes run.sh (executable), launcher.mjs and ingress.mjs with source maps', () => {
    expect(readdirSync(outDir).sort()).toEqual(['ingress.mjs', 'ingress.mjs.map', 'launcher.mjs', 'launcher.mjs.map', 'run.sh']);
    expect(statSync(path.join(outDir, 'run.sh')).mode & 0o111).toBe(0o111);
  });

  it('run.sh resolves the secret first, then starts the ingress as the main module, from any working directory', async () => {
    const env = { PATH: process.env['PATH'] ?? '' };
    const { stdout } = await run('/bin/sh', [path.join(outDir, 'run.sh')], { cwd: os.tmpdir(), env });
    expect(JSON.parse(stdout)).toEqual({ isMain: true, secret: 'whsec_from_launcher' });
  });

  it('refuses to build without the ingress entry', () => {
    expect(() => bundleIngress({ ingressEntry: path.join(dir, 'missing.ts'), launcherEntry: path.join(dir, 'launcher.ts'), outDir: path.join(dir, 'out2') })).toThrow(
      /missing\.ts does not exist/,
    );
  });
});
