// Entry of the curation Lambda (bundled by lib/curation.ts with NodejsFunction): the only place that
// reads process.env and builds the Athena client. EventBridge Scheduler invokes it with {"task": "merge"}
// or {"task": "maintain"}; CloudFormation invokes it for the CuratedTables custom resource.
import viewSql from '../../../athena/views/stripe_events_deduped.sql';
import { createAthenaApi } from './athena-client.js';
import { isCloudFormationEvent } from './cloudformation-event.js';
import { loadCurationConfig } from './curation-config.js';
import { runCurationTask, type CurationDeps, type CurationOutcome } from './curation-run.js';
import { athenaCurationSql } from './curation-sql.js';
import { parseTask } from './curation-task.js';
import { handleTablesEvent } from './tables-resource.js';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Time kept before Lambda's deadline to stop the running query and report the failure. */
const STOP_MARGIN_MS = 30_000;

function deps(context: LambdaContext | undefined): CurationDeps {
  const config = loadCurationConfig(process.env);
  const remaining = context?.getRemainingTimeInMillis() ?? 15 * 60_000;
  return {
    config,
    api: createAthenaApi({ requestTimeoutMs: config.requestTimeoutMs }),
    sql: athenaCurationSql(viewSql),
    now: () => new Date(),
    log: (line) => process.stdout.write(`${line}\n`),
    signal: AbortSignal.timeout(Math.max(1_000, remaining - STOP_MARGIN_MS)),
  };
}

export async function handler(event: unknown, context?: LambdaContext): Promise<CurationOutcome | undefined> {
  if (isCloudFormationEvent(event)) {
    await handleTablesEvent(event, () => deps(context), process.env['CURATED_LOCATION'], (line) => process.stdout.write(`${line}\n`));
    return undefined;
  }
  return runCurationTask(parseTask(event), deps(context));
}
