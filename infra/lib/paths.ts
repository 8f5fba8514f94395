// Repository locations the app reads at synth time, resolved from this file so the working directory
// does not matter.
import { fileURLToPath } from 'node:url';

const at = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export const REPO_PATHS = {
  athenaDir: at('../../athena'),
  ingressEntry: at('../../packages/ingress/src/main.ts'),
  launcherEntry: at('./ingress-runtime/main.ts'),
  ingressBundleDir: at('../build/ingress-lambda'),
  /** The EventBridge consumer's Lambda entry, bundled by NodejsFunction with the workspace's lockfile. */
  eventBridgeConsumerEntry: at('../../packages/eventbridge-consumer/src/lambda.ts'),
  repoRoot: at('../..'),
  lockFile: at('../../pnpm-lock.yaml'),
  dailyAuditEntry: at('../../packages/completeness/src/daily-audit/lambda-handler.ts'),
  duckdbStub: at('./daily-audit-runtime/duckdb-unavailable.ts'),
  /** The curation Lambda's entry (lib/curation.ts); it bundles the dedupe view's text. */
  curationEntry: at('./curation-runtime/handler.ts'),
} as const;
