// Entry of the daily audit Lambda (bundled by infra's DailyAudit construct with NodejsFunction): the only
// place that reads process.env and builds the Secrets Manager client. EventBridge Scheduler invokes it once
// a day with an empty event.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runDailyAudit, type DailyAuditOutcome } from './daily-audit.js';

const secrets = new SecretsManagerClient({});

async function readSecret(arn: string): Promise<string | undefined> {
  try {
    return (await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (err) {
    // A secret without any value yet has no current version: the same as "not set".
    if (err instanceof Error && err.name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

export function handler(): Promise<DailyAuditOutcome> {
  return runDailyAudit({
    env: process.env,
    now: () => new Date(),
    readSecret,
    log: (line) => process.stdout.write(`${line}\n`),
  });
}
