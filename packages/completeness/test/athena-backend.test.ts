// --backend athena through the query layer, with a fake Athena API (no AWS, test/athena-fake.ts): the audit's SQL, the
// workgroup and output location from the environment, and the ids read back from the result set.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { runCli } from '../src/cli.js';
import { createRealDeps } from '../src/composition.js';
import { fakeSnapshotEvents } from '@event-lake/stripe-events-api-fake';
import { createAthenaFake } from './athena-fake.js';
import { API_KEY, DAY, startFake, type RunningFake } from './helpers.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const now = NOW.getTime() / 1000;
const events = fakeSnapshotEvents({ count: 40, from: now - 2 * DAY, to: now - 3600, seed: 21 });

/** The lake on the fake Athena: one complete delivery of each id. */
function fakeAthena(presentIds: readonly string[]) {
  return createAthenaFake(presentIds.map((id) => ({ id, deliveryId: `d-${id}`, bodyParts: 1, parts: 1 })));
}

describe('audit-lake --backend athena', () => {
  let f: RunningFake;
  beforeAll(async () => {
    f = await startFake(events);
  });
  afterAll(async () => {
    await f.fake.close();
  });

  it('asks Athena for the window ids in the workgroup and reports what it lacks', async () => {
    const missing = events.slice(0, 2).map((e) => e.event.id);
    const athena = fakeAthena(events.slice(2).map((e) => e.event.id));
    let stdout = '';
    const code = await runCli(['audit', '--backend', 'athena', '--format', 'json'], {
      STRIPE_API_KEY: API_KEY,
      STRIPE_API_BASE: f.url,
      AWS_REGION: 'eu-west-1',
      ATHENA_WORKGROUP: 'event-lake',
      ATHENA_OUTPUT_LOCATION: 's3://results-bucket/audit/',
    }, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stderrIsTTY: false,
    }, createRealDeps({ cwd: '/nonexistent', now: () => NOW, athenaApi: athena.api }));
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { missing: { id: string }[] }).missing.map((m) => m.id).sort()).toEqual([...missing].sort());
    expect(athena.started).toHaveLength(1);
    expect(athena.started[0]).toMatchObject({ WorkGroup: 'event-lake', OutputLocation: 's3://results-bucket/audit/' });
    expect(athena.started[0]!.QueryString).toMatch(
      /^SELECT id, max\(CASE WHEN parts = body_parts THEN 1 ELSE 0 END\) AS complete FROM \(SELECT .* FROM event_lake\.stripe_events WHERE body_parts >= 1 AND \(dt BETWEEN '2026-11-19' AND '2026-11-22' AND id IN \('evt_/,
    );
  });
});
