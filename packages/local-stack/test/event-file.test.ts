import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventFileError, readEventFile, sampleEvent, THIN_EVENT_TYPE } from '../src/index.js';

describe('send-event --file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'event-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('reads one event per line, keeping each line as the body, skipping blank lines', async () => {
    const lines = [sampleEvent('invoice.paid'), sampleEvent(THIN_EVENT_TYPE)].map((e) => JSON.stringify(JSON.parse(e.body)));
    const events = await readEventFile(await file('ok.ndjson', `${lines[0]}\r\n\n${lines[1]}\n`));
    expect(events.map((e) => [e.type, e.body])).toEqual([['invoice.paid', lines[0]], [THIN_EVENT_TYPE, lines[1]]]);
  });

  it('names the file and line of the first bad line, before anything is sent', async () => {
    const good = JSON.stringify(JSON.parse(sampleEvent('invoice.paid').body));
    const notJson = await file('bad.ndjson', `${good}\n{"id":\n`);
    await expect(readEventFile(notJson)).rejects.toThrow(new EventFileError(`${notJson}:2: not JSON`));
    const notEvent = await file('customer.ndjson', '{"id":"cus_1","object":"customer"}\n');
    await expect(readEventFile(notEvent)).rejects.toThrow(`${notEvent}:1: not a Stripe event: "object" must be "event" or "v2.core.event"`);
    await expect(readEventFile(await file('empty.ndjson', '\n'))).rejects.toThrow(/no events/);
    await expect(readEventFile(join(dir, 'missing.ndjson'))).rejects.toThrow(/--file .*missing\.ndjson: ENOENT/);
  });
});
