// Builds the deployed ingress package with esbuild's JS API (no Docker). One package serves both hosting
// modes:
//   index.js       the entry (lib/ingress-runtime/main.ts): reads the secret, then starts ingress.mjs.
//                  Lambda Web Functions run index.js at the package root by default.
//   ingress.mjs    the ingress's own composition root (packages/ingress/src/main.ts), bundled unchanged.
//   package.json   {"type":"module"}, so Node loads index.js as ESM.
//   run.sh         the start command the Lambda Web Adapter executes in function-url mode.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { INGRESS_MODULE } from './ingress-runtime/launcher.js';
import { ESM_REQUIRE_SHIM } from './lambda-bundling.js';

export interface IngressBundleOptions {
  /** packages/ingress/src/main.ts */
  readonly ingressEntry: string;
  /** infra/lib/ingress-runtime/main.ts */
  readonly launcherEntry: string;
  /** Output folder; replaced on every build. */
  readonly outDir: string;
}

/** The entry file, at the package root: the Web Functions runtime's default, so no entryPoint is set. */
export const BUNDLE_ENTRY = 'index.js';
/** Both hosting modes run nodejs24.x; the bundle targets Node 22, the oldest runtime the product supports. */
export const BUNDLE_TARGET = 'node22';

// ESM bundles of CommonJS dependencies (pino, prom-client) still call require/__dirname.
const CJS_SHIM = [
  ESM_REQUIRE_SHIM,
  "import { fileURLToPath as __elFileURLToPath } from 'node:url';",
  "import { dirname as __elDirname } from 'node:path';",
  'const __filename = __elFileURLToPath(import.meta.url);',
  'const __dirname = __elDirname(__filename);',
].join('\n');

/** Started by the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) in function-url mode. */
export const RUN_SCRIPT = [
  '#!/bin/sh',
  '# Started by the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap): the same entry Web Functions run.',
  'cd "$(dirname "$0")" || exit 1',
  `exec node ./${BUNDLE_ENTRY}`,
  '',
].join('\n');

export function bundleIngress(options: IngressBundleOptions): string {
  for (const entry of [options.ingressEntry, options.launcherEntry]) {
    if (!existsSync(entry)) throw new Error(`entry ${entry} does not exist; it is needed to build the ingress bundle`);
  }
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    banner: { js: CJS_SHIM },
    // Minified for a faster cold start; the linked source map (NODE_OPTIONS=--enable-source-maps) keeps
    // stack traces readable.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  } as const;
  buildSync({ ...common, entryPoints: [options.ingressEntry], outfile: path.join(options.outDir, INGRESS_MODULE) });
  buildSync({ ...common, entryPoints: [options.launcherEntry], outfile: path.join(options.outDir, BUNDLE_ENTRY) });
  writeFileSync(path.join(options.outDir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  const run = path.join(options.outDir, 'run.sh');
  writeFileSync(run, RUN_SCRIPT);
  chmodSync(run, 0o755);
  return options.outDir;
}
