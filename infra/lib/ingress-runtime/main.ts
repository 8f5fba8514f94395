// The deployed ingress's entry, bundled as index.js (lib/ingress-bundle.ts): Lambda Web Functions run
// index.js directly, and run.sh runs it under the Lambda Web Adapter in function-url mode. It reads the
// signing secret from Secrets Manager, puts it in the environment, then starts the unchanged ingress
// (ingress.mjs) as this process. Any failure before that exits 1 with one line on stderr and nothing
// listening (fail closed).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { INGRESS_MODULE, resolveWebhookSecret } from './launcher.js';

// Web Functions give a start 10 s to listen: a hanging Secrets Manager call must fail, not stall. Without
// throwOnRequestTimeout the locked @smithy/node-http-handler only logs a warning when requestTimeout passes
// and keeps waiting; socketTimeout ends a connection that goes quiet mid-answer. Two attempts of at most
// 2 s each (GetSecretValue answers in far less), so the launcher's line is written well inside the 10 s.
const client = new SecretsManagerClient({
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true, socketTimeout: 2000 },
});
try {
  await resolveWebhookSecret(process.env, async (secretId) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return out.SecretString;
  });
} catch (error) {
  process.stderr.write(`ingress launcher: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
} finally {
  client.destroy();
}

// A separate file, so the ingress's own "am I the main module" check stays false and it starts once, here.
const ingress = (await import(new URL(`./${INGRESS_MODULE}`, import.meta.url).href)) as { runIngressProcess(): void };
ingress.runIngressProcess();
