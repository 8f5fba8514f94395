// `pnpm --filter infra synth`: bundle the ingress, then synthesize the stack into cdk.out (or wherever the
// CDK CLI asks). Settings come from CDK context: `-c key=value` (given to this script or to the CDK CLI)
// or cdk.json (see infra/README.md).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventLakeStack } from '../lib/event-lake-stack.js';
import { contextFromArgs } from '../lib/context-args.js';
import { bundleIngress } from '../lib/ingress-bundle.js';
import { REPO_PATHS } from '../lib/paths.js';
import { settingsFromContext } from '../lib/settings.js';

const app = new App({ outdir: process.env['CDK_OUTDIR'] ?? 'cdk.out', context: contextFromArgs(process.argv.slice(2)) });
const ingressCodeDir = bundleIngress({ ingressEntry: REPO_PATHS.ingressEntry, launcherEntry: REPO_PATHS.launcherEntry, outDir: REPO_PATHS.ingressBundleDir });
new EventLakeStack(app, app.node.tryGetContext('stackName') ?? 'EventLake', {
  settings: settingsFromContext((key) => app.node.tryGetContext(key)),
  athenaDir: REPO_PATHS.athenaDir,
  ingressCodeDir,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const assembly = app.synth();
// The CDK CLI prints annotations (it sets CDK_OUTDIR); `pnpm --filter infra synth` runs this file alone.
if (!process.env['CDK_OUTDIR']) {
  for (const stack of assembly.stacks) {
    for (const message of stack.messages.filter((m) => m.level === 'warning')) {
      process.stderr.write(`warning at ${message.id}: ${String(message.entry.data)}\n`);
    }
  }
}
