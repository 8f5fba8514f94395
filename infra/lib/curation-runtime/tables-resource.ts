// The CuratedTables custom resource: Create and Update run the tables' DDL (CREATE TABLE IF NOT EXISTS,
// retention) on Athena; Delete keeps the tables and their data (a replaced resource must not drop what
// analysts query). Every outcome is answered to CloudFormation, a failure with its reason, so a
// deployment never waits for a silent function.
import { answerCloudFormation, type CloudFormationEvent } from './cloudformation-event.js';
import { setUpTables, type CurationDeps } from './curation-run.js';

export const TABLES_PHYSICAL_ID = 'event-lake-curated-tables';

export async function handleTablesEvent(
  event: CloudFormationEvent, deps: () => CurationDeps, location: string | undefined, log: (line: string) => void,
): Promise<void> {
  const physicalResourceId = TABLES_PHYSICAL_ID;
  if (event.RequestType === 'Delete') {
    await answerCloudFormation(event, { status: 'SUCCESS', physicalResourceId });
    return;
  }
  try {
    if (!location?.startsWith('s3://')) throw new Error(`CURATED_LOCATION must be an s3:// prefix, got ${JSON.stringify(location ?? null)}`);
    const d = deps();
    await setUpTables(location, d);
    await answerCloudFormation(event, { status: 'SUCCESS', physicalResourceId });
  } catch (err) {
    const reason = `curated tables not set up: ${err instanceof Error ? err.message : String(err)}`;
    log(JSON.stringify({ level: 'error', message: reason }));
    await answerCloudFormation(event, { status: 'FAILED', physicalResourceId, reason });
  }
}
