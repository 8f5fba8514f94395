// Entry of the daily audit Lambda (bundled by infra's DailyAudit construct with NodejsFunction): the only
// place that reads process.env and builds the Secrets Manager client. EventBridge Scheduler invokes it once
// a day with an empty event.
import { runDailyAudit, type DailyAuditOutcome } from './daily-audit.js';
import { createSecretReader } from './secret-reader.js';

const secrets = createSecretReader();

export function handler(): Promise<DailyAuditOutcome> {
  return runDailyAudit({
    env: process.env,
    now: () => new Date(),
    readSecret: (arn) => secrets.read(arn),
    log: (line) => process.stdout.write(`${line}\n`),
  });
}
