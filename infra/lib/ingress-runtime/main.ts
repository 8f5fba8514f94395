// Preloaded before the ingress (run.sh: `node --import ./launcher.mjs ./ingress.mjs`): Node finishes this
// module, top-level await included, before it evaluates the ingress, so the ingress starts exactly as it
// does anywhere else (`node ingress.mjs`), with STRIPE_WEBHOOK_SECRET already in its environment.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { resolveWebhookSecret } from './launcher.js';

const client = new SecretsManagerClient({});
try {
  await resolveWebhookSecret(process.env, async (secretId) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return out.SecretString;
  });
} catch (error) {
  // One clear line in the function's log (a Lambda init error), then fail closed.
  process.stderr.write(`ingress launcher: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
} finally {
  client.destroy();
}
