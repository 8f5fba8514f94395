// `send-event --file F`: one Stripe event JSON per line (blank lines skipped), e.g. exported from the
// Events API with `jq -c '.data[]'`. Each line is checked to be a Stripe event before anything is sent.
import { readFile } from 'node:fs/promises';
import { EventShapeError, summariseEvent } from '@event-lake/lake-format';
import type { SampleEvent } from '@event-lake/stripe-samples';

export class EventFileError extends Error {}

/** The events of the file in order; the body of each is its line exactly. */
export async function readEventFile(path: string): Promise<SampleEvent[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    throw new EventFileError(`--file ${path}: ${message}`);
  });
  const events: SampleEvent[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new EventFileError(`${path}:${i + 1}: not JSON`);
    }
    try {
      const { id, type } = summariseEvent(parsed);
      events.push({ id, type, body: line });
    } catch (error) {
      if (error instanceof EventShapeError) throw new EventFileError(`${path}:${i + 1}: not a Stripe event: ${error.message}`);
      throw error;
    }
  });
  if (events.length === 0) throw new EventFileError(`${path}: no events (one Stripe event JSON per line)`);
  return events;
}
