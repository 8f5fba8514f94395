// The checkpoint file survives crashes: every confirmed id is on disk when record() resolves, and a line
// cut short by a crash is neither trusted nor glued to the next id.
import { describe, expect, it } from '@jest/globals';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCheckpoint, readCheckpoint } from '../src/checkpoint.js';
import { UsageError } from '@event-lake/cli-kit';

const tempFile = async () => path.join(await mkdtemp(path.join(tmpdir(), 'replay-checkpoint-')), 'ids');

describe('checkpoint', () => {
  it('has every recorded id in the file as soon as record() resolves, before close', async () => {
    const file = await tempFile();
    const checkpoint = await openCheckpoint(file);
    await checkpoint.record('evt_1');
    await checkpoint.record('evt_2');
    expect(await readFile(file, 'utf8')).toBe('evt_1\nevt_2\n');
    await checkpoint.close();
    expect((await readCheckpoint(file)).done).toEqual(new Set(['evt_1', 'evt_2']));
  });

  it('ignores a last line cut short by a crash and starts the next id on a line of its own', async () => {
    const file = await tempFile();
    await writeFile(file, 'evt_1\nevt_2\n');
    await appendFile(file, 'evt_3'); // the crash hit mid-write: evt_3 was not confirmed
    const checkpoint = await openCheckpoint(file);
    expect(checkpoint.done).toEqual(new Set(['evt_1', 'evt_2']));
    await checkpoint.record('evt_4');
    await checkpoint.close();
    expect((await readCheckpoint(file)).done).toEqual(new Set(['evt_1', 'evt_2', 'evt_4']));
  });

  it('starts empty when the file does not exist yet, and refuses a path it cannot write', async () => {
    const file = await tempFile();
    expect((await readCheckpoint(file)).done.size).toBe(0);
    await expect(openCheckpoint(path.join(file, 'not-a-dir', 'ids'))).rejects.toThrow(UsageError);
  });
});
