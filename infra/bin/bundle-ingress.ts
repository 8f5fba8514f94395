// `pnpm --filter infra bundle`: only build the ingress package (infra/build/ingress-lambda), e.g. to
// inspect it or run it locally with `node build/ingress-lambda/index.js`. Synth does this itself.
import { bundleIngress } from '../lib/ingress-bundle.js';
import { REPO_PATHS } from '../lib/paths.js';

const dir = bundleIngress({ ingressEntry: REPO_PATHS.ingressEntry, launcherEntry: REPO_PATHS.launcherEntry, outDir: REPO_PATHS.ingressBundleDir });
process.stdout.write(`ingress Lambda package written to ${dir}\n`);
