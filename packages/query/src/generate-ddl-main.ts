// `pnpm --filter @event-lake/query generate-ddl [--bucket NAME --stdout]`: writes athena/tables/*.sql
// from the schema definition (or prints the table DDL for one bucket).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ATHENA_DIR } from './athena-dir.js';
import { curatedTableDdl, pendingTableDdl, CURATED_TABLE, PENDING_TABLE } from './curated-schema.js';
import { databaseDdl, tableDdl } from './ddl.js';

const { values } = parseArgs({ options: { bucket: { type: 'string' }, stdout: { type: 'boolean' } } });
if (values.stdout) {
  process.stdout.write(tableDdl(values.bucket));
} else {
  if (values.bucket) throw new Error('--bucket is only for --stdout: the committed DDL keeps the placeholder');
  await writeFile(path.join(ATHENA_DIR, 'tables', 'database.sql'), databaseDdl());
  await writeFile(path.join(ATHENA_DIR, 'tables', 'stripe_events.sql'), tableDdl());
  await writeFile(path.join(ATHENA_DIR, 'tables', `${CURATED_TABLE}.sql`), curatedTableDdl());
  await writeFile(path.join(ATHENA_DIR, 'tables', `${PENDING_TABLE}.sql`), pendingTableDdl());
  process.stderr.write(`wrote ${path.join(ATHENA_DIR, 'tables')}/{database,stripe_events,${CURATED_TABLE},${PENDING_TABLE}}.sql\n`);
}
