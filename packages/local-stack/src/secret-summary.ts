// What `pnpm start` says about the signing secrets in use. The development secret is no secret (it is in
// the repository, and `pnpm send-event` signs with it), so it is shown; of a secret the user supplied, or
// the Stripe CLI's session secret under `--listen`, no part is ever printed: only how many there are and
// whether the development one is among them.
import { DEVELOPMENT_WEBHOOK_SECRET } from './stack-config.js';

export function describeSecrets(webhookSecret: string, usingDevelopmentSecret: boolean, withCliSecret = false): string {
  const cli = withCliSecret ? ', and the Stripe CLI session secret (not shown)' : '';
  if (usingDevelopmentSecret) {
    const hint = withCliSecret ? '' : ' (development secret; set STRIPE_WEBHOOK_SECRET to use another, or run pnpm start --listen)';
    return `${DEVELOPMENT_WEBHOOK_SECRET}${hint}${cli}`;
  }
  const secrets = new Set(webhookSecret.split(',').map((s) => s.trim()).filter((s) => s));
  const count = secrets.size === 1 ? '1 secret' : `${secrets.size} secrets`;
  const development = secrets.has(DEVELOPMENT_WEBHOOK_SECRET) ? ', the development secret among them' : ', not the development secret';
  return `${count} from STRIPE_WEBHOOK_SECRET${development} (not shown)${cli}`;
}
