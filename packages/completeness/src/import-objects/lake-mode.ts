// "A key of the wrong mode": a test-mode key pointed at a lake of live-mode events (or the reverse) would
// fill the live lake's stripe_objects_latest with test objects. The lake's recent partitions say which mode
// it holds; a lake that holds both (one stream for both endpoints, docs/deploy.md) or none accepts either.
import { LAKE_TABLE, type RunSql } from '../lake-index.js';

/** Days of partitions read: enough to see a lake in use, few enough that the check costs little on Athena. */
export const MODE_CHECK_DAYS = 3;

export interface LakeModes {
  readonly live: number;
  readonly test: number;
}

export async function lakeModes(runSql: RunSql, now: Date): Promise<LakeModes> {
  const from = new Date(now.getTime() - MODE_CHECK_DAYS * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await runSql(`SELECT livemode, count(*) AS n FROM ${LAKE_TABLE} WHERE dt >= '${from}' GROUP BY livemode`);
  let live = 0;
  let test = 0;
  for (const row of rows) {
    const n = Number(row['n']);
    if (row['livemode'] === true || row['livemode'] === 'true') live += n;
    else test += n;
  }
  return { live, test };
}

/** Why a key of mode `livemode` does not fit the lake (a problem of STRIPE_API_KEY), or undefined when it does. */
export function modeMismatch(livemode: boolean, modes: LakeModes): string | undefined {
  const mine = livemode ? modes.live : modes.test;
  const other = livemode ? modes.test : modes.live;
  if (mine > 0 || other === 0) return undefined;
  const [keyMode, lakeMode] = livemode ? ['live', 'test'] : ['test', 'live'];
  return `is a ${keyMode}-mode key, but the lake's events of the last ${MODE_CHECK_DAYS} days are all ${lakeMode} mode ` +
    `(${other}): use a ${lakeMode}-mode key (rk_${lakeMode}_…), or point LAKE_DIR / --backend at the ${keyMode}-mode lake`;
}
