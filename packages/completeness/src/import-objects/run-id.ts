// A run's id is the UTC second its listing started (`20261207T183000Z`): readable, sortable, and it gives
// a resumed run (`--run-id`) the same `created` and the same event and delivery ids as the first attempt.
import { UsageError } from '@event-lake/cli-kit';

const RUN_ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function runIdOf(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

/** The listing start a run id names; a malformed or future id is a UsageError naming --run-id. */
export function listedAtOf(runId: string, now: Date): Date {
  const m = RUN_ID.exec(runId);
  const at = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
  if (!at || runIdOf(at) !== runId) {
    throw new UsageError(`--run-id must be a run id such as 20261207T183000Z (printed by an earlier run), got "${runId.slice(0, 40)}"`);
  }
  if (at.getTime() > now.getTime() + 60_000) throw new UsageError(`--run-id ${runId} is in the future`);
  return at;
}
