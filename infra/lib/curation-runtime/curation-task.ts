// What a scheduled invocation asks for: {"task": "merge"} every curationIntervalMinutes, {"task":
// "maintain"} once a day (lib/curation.ts). Anything else is refused, naming what came.
import { CURATION_TASKS, type CurationTask } from './curation-metrics.js';

export function parseTask(event: unknown): CurationTask {
  const task = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)['task'] : undefined;
  if (typeof task === 'string' && (CURATION_TASKS as readonly string[]).includes(task)) return task as CurationTask;
  throw new Error(`curation: the event must be {"task": "${CURATION_TASKS.join('" | "')}"}, got ${JSON.stringify(event)?.slice(0, 200)}`);
}
