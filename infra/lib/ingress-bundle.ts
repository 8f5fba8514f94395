// Builds the ingress Lambda package with esbuild's JS API (no Docker): the ingress's own composition
// root (packages/ingress/src/main.ts) bundled unchanged as ingress.mjs, the secret step as launcher.mjs
// (preloaded with --import), and run.sh, the start command the Lambda Web Adapter executes.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

export interface IngressBundleOptions {
  /** packages/ingress/src/main.ts */
  readonly ingressEntry: string;
  /** infra/lib/ingress-runtime/main.ts */
  readonly launcherEntry: string;
  /** Output folder; replaced on every build. */
  readonly outDir: string;
}

/** The Lambda runtime generation the bundle targets (see ingress-service.ts). */
export const BUNDLE_TARGET = 'node22';

// ESM bundles of CommonJS dependencies (express, pino) still call require/__dirname.
const CJS_SHIM = [
  "import { createRequire as __elCreateRequire } from 'node:module';",
  "import { fileURLToPath as __elFileURLToPath } from 'node:url';",
  "import { dirname as __elDirname } from 'node:path';",
  'const require = __elCreateRequire(import.meta.url);',
  'const __filename = __elFileURLToPath(import.meta.url);',
  'const __dirname = __elDirname(__filename);',
].join('\n');

/** Started by the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap). */
export const RUN_SCRIPT = [
  '#!/bin/sh',
  '# Started by the Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap): resolve the secret, run the ingress.',
  'cd "$(dirname "$0")" || exit 1',
  'exec node --import ./launcher.mjs ./ingress.mjs',
  '',
].join('\n');

export function bundleIngress(options: IngressBundleOptions): string {
  if (!existsSync(options.ingressEntry)) {
    throw new Error(`ingress entry ${options.ingressEntry} does not exist; the ingress package is needed to build the Lambda bundle`);
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
  buildSync({ ...common, entryPoints: [options.ingressEntry], outfile: path.join(options.outDir, 'ingress.mjs') });
  buildSync({ ...common, entryPoints: [options.launcherEntry], outfile: path.join(options.outDir, 'launcher.mjs') });
  const run = path.join(options.outDir, 'run.sh');
  writeFileSync(run, RUN_SCRIPT);
  chmodSync(run, 0o755);
  return options.outDir;
}
