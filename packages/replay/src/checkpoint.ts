// The resume file: one delivered event id per line, appended and flushed to disk (write + fdatasync)
// as soon as the consumer answered 2xx, before that request's slot is given to the next event. A rerun
// skips every id in it. A crash between the consumer's 2xx and the append delivers that event again
// on the rerun (at most --concurrency events); consumers must tolerate duplicates anyway, as with Stripe.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { UsageError } from '@event-lake/cli-kit';

export interface Checkpoint {
  /** Ids already delivered by earlier runs. */
  readonly done: ReadonlySet<string>;
  /** Appends one id and flushes it; resolves once it is on disk. */
  record(id: string): Promise<void>;
  close(): Promise<void>;
}

const EVENT_ID_LINE = /^evt_[A-Za-z0-9_]+$/;
const TORN_MARK = ' (cut short by a crash: not delivered)';

/** The ids in a checkpoint file (none if it does not exist yet), and whether its last line was cut short. */
export async function readCheckpoint(file: string): Promise<{ readonly done: ReadonlySet<string>; readonly torn: boolean }> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw checkpointError(file, err);
  }
  // A last line without its newline is an append cut short by a crash: that id was not confirmed.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return { done: new Set(complete.split('\n').filter((line) => EVENT_ID_LINE.test(line))), torn: complete.length < text.length };
}

/** Opens (or creates) the checkpoint file for appending. */
export async function openCheckpoint(file: string): Promise<Checkpoint> {
  const { done, torn } = await readCheckpoint(file);
  let handle: FileHandle;
  try {
    handle = await open(file, 'a');
  } catch (err) {
    throw checkpointError(file, err);
  }
  // End a torn line with a mark that makes it invalid (it must not become a trusted id later), so the
  // next id starts on a line of its own.
  let pending: Promise<void> = torn ? append(handle, `${TORN_MARK}\n`) : Promise.resolve();
  return {
    done,
    record(id) {
      const mine = pending.then(() => append(handle, `${id}\n`)).catch((err: unknown) => {
        throw checkpointError(file, err);
      });
      pending = mine.catch(() => undefined);
      return mine;
    },
    async close() {
      await pending;
      await handle.close();
    },
  };
}

async function append(handle: FileHandle, text: string): Promise<void> {
  await handle.write(text);
  await handle.datasync();
}

function checkpointError(file: string, err: unknown): UsageError {
  return new UsageError(`cannot use --checkpoint ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}
