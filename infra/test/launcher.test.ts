import { describe, expect, it } from '@jest/globals';
import { LauncherError, resolveWebhookSecret } from '../lib/ingress-runtime/launcher.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:event-lake-AbCdEf';
const SECRET = 'whsec_0123456789abcdefABCDEF';

describe('resolveWebhookSecret', () => {
  it('moves the secret named by the ARN into STRIPE_WEBHOOK_SECRET and drops the ARN', async () => {
    const env: NodeJS.ProcessEnv = { STRIPE_WEBHOOK_SECRET_ARN: ARN, PORT: '8080' };
    const asked: string[] = [];
    await resolveWebhookSecret(env, async (id) => {
      asked.push(id);
      return `  ${SECRET},whsec_older0123456789abcdef\n`;
    });
    expect(asked).toEqual([ARN]);
    expect(env).toEqual({ STRIPE_WEBHOOK_SECRET: `${SECRET},whsec_older0123456789abcdef`, PORT: '8080' });
  });

  it('leaves a directly configured secret alone when no ARN is given', async () => {
    const env: NodeJS.ProcessEnv = { STRIPE_WEBHOOK_SECRET: SECRET };
    await resolveWebhookSecret(env, async () => {
      throw new Error('must not be called');
    });
    expect(env).toEqual({ STRIPE_WEBHOOK_SECRET: SECRET });
  });

  it('refuses to start with neither variable', async () => {
    await expect(resolveWebhookSecret({}, async () => SECRET)).rejects.toThrow(
      new LauncherError('STRIPE_WEBHOOK_SECRET_ARN is not set (and neither is STRIPE_WEBHOOK_SECRET); refusing to start'),
    );
  });

  it('refuses to start when the secret is empty or binary', async () => {
    await expect(resolveWebhookSecret({ STRIPE_WEBHOOK_SECRET_ARN: ARN }, async () => undefined)).rejects.toThrow(/has no string value/);
    await expect(resolveWebhookSecret({ STRIPE_WEBHOOK_SECRET_ARN: ARN }, async () => '  ')).rejects.toThrow(/has no string value/);
  });

  it('names the failure of the read, never a value', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' });
    const env: NodeJS.ProcessEnv = { STRIPE_WEBHOOK_SECRET_ARN: ARN };
    await expect(resolveWebhookSecret(env, async () => Promise.reject(denied))).rejects.toThrow(
      'could not read the secret named by STRIPE_WEBHOOK_SECRET_ARN: AccessDeniedException: User is not authorized to perform secretsmanager:GetSecretValue',
    );
    expect(env['STRIPE_WEBHOOK_SECRET']).toBeUndefined();
  });
});
