import { describe, it, expect } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFirehoseLocal, StateLockedError } from '../src/index.js';
import { tempDir } from './helpers.js';

describe('one firehose-local per lake and stream', () => {
  it('refuses a second instance on the same lake while the first runs, and allows it after close', async () => {
    const lakeDir = await tempDir();
    const first = await createFirehoseLocal({ lakeDir });
    await expect(createFirehoseLocal({ lakeDir })).rejects.toBeInstanceOf(StateLockedError);
    const otherStream = await createFirehoseLocal({ lakeDir, streamName: 'another-stream' });
    await otherStream.close();
    await first.close();
    const second = await createFirehoseLocal({ lakeDir });
    await second.close();
    await rm(lakeDir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that is gone', async () => {
    const lakeDir = await tempDir();
    const stateDir = join(lakeDir, '.firehose-local', 'event-lake-stripe-events');
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'lock'), '2147483646'); // above any pid_max: not a running process
    const firehose = await createFirehoseLocal({ lakeDir });
    await firehose.close();
    await rm(lakeDir, { recursive: true, force: true });
  });
});
