// How the stack's NodejsFunction Lambdas (the EventBridge consumer, the daily audit) are built: the
// workspace's own esbuild (NodejsFunction runs it with `pnpm exec` from the repository root), so synth stays
// offline and needs no Docker; one ESM file with every dependency in it, the AWS SDK included, so the code
// runs with the versions it was tested with rather than the runtime's copy.
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { REPO_PATHS } from './paths.js';

/** ESM bundles of CommonJS dependencies still call require(); the ingress bundle uses the same line. */
export const ESM_REQUIRE_SHIM = "import { createRequire as __elCreateRequire } from 'node:module'; const require = __elCreateRequire(import.meta.url);";

/** The runtime of these Lambdas and the esbuild target that matches it. */
export const NODE_LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
const NODE_LAMBDA_TARGET = 'node24';

type BundledProps = Pick<nodejs.NodejsFunctionProps, 'projectRoot' | 'depsLockFilePath' | 'runtime' | 'architecture' | 'bundling'>;

/** The build and runtime properties of a bundled Lambda; `bundling` adds to (or overrides) the shared options. */
export function bundledLambda(bundling: nodejs.BundlingOptions = {}): BundledProps {
  return {
    projectRoot: REPO_PATHS.repoRoot,
    depsLockFilePath: REPO_PATHS.lockFile,
    runtime: NODE_LAMBDA_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    bundling: {
      forceDockerBundling: false,
      externalModules: [],
      format: nodejs.OutputFormat.ESM,
      target: NODE_LAMBDA_TARGET,
      minify: true,
      sourceMap: true,
      banner: ESM_REQUIRE_SHIM,
      ...bundling,
    },
  };
}
