// Entry of the Lambda bundle (run.sh execs `node launcher.mjs`): resolve the secret, then start the
// ingress bundle next to this file, which listens on PORT for the Lambda Web Adapter.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { resolveWebhookSecret } from './launcher.js';

const client = new SecretsManagerClient({});
await resolveWebhookSecret(process.env, async (secretId) => {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return out.SecretString;
});
client.destroy();

const ingressEntry = new URL('./ingress.mjs', import.meta.url).href;
await import(ingressEntry);
