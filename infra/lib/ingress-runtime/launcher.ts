// Start-up of the ingress in AWS. The ingress is configured only by environment and expects its signing
// secret(s) in STRIPE_WEBHOOK_SECRET; in AWS the secret lives in Secrets Manager and the template carries
// only its ARN. This step reads the secret once and hands it over in the environment before the unchanged
// ingress starts. Failing to read it fails the start (fail closed); a value that is not whsec_… is refused
// by the ingress's own configuration check, also before anything listens.

/** Reads a secret's string value; main passes one backed by the AWS SDK, tests a fake. */
export type GetSecretString = (secretId: string) => Promise<string | undefined>;

/** The ingress bundle file next to index.js (lib/ingress-bundle.ts). */
export const INGRESS_MODULE = 'ingress.mjs';

export const SECRET_ARN_VARIABLE = 'STRIPE_WEBHOOK_SECRET_ARN';
export const SECRET_VARIABLE = 'STRIPE_WEBHOOK_SECRET';

export class LauncherError extends Error {}

/**
 * Puts the secret named by STRIPE_WEBHOOK_SECRET_ARN into STRIPE_WEBHOOK_SECRET (of `env`, mutated)
 * and removes the ARN variable. A directly set STRIPE_WEBHOOK_SECRET without an ARN is left alone.
 */
export async function resolveWebhookSecret(env: NodeJS.ProcessEnv, getSecretString: GetSecretString): Promise<void> {
  const secretId = env[SECRET_ARN_VARIABLE]?.trim();
  if (!secretId) {
    if (env[SECRET_VARIABLE]) return;
    throw new LauncherError(`${SECRET_ARN_VARIABLE} is not set (and neither is ${SECRET_VARIABLE}); refusing to start`);
  }
  let value: string | undefined;
  try {
    value = await getSecretString(secretId);
  } catch (error) {
    // The SDK's message names the secret and the failure (AccessDenied, ResourceNotFound); never a value.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new LauncherError(`could not read the secret named by ${SECRET_ARN_VARIABLE}: ${reason}`);
  }
  const secret = value?.trim();
  if (!secret) throw new LauncherError(`the secret named by ${SECRET_ARN_VARIABLE} has no string value; set it (docs/deploy.md)`);
  env[SECRET_VARIABLE] = secret;
  delete env[SECRET_ARN_VARIABLE];
}
