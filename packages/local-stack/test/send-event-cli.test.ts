// `pnpm send-event` in-process: usage mistakes exit 2 with one line naming the flag; --list prints the types.
import { describe, expect, it } from '@jest/globals';
import { SAMPLE_EVENT_TYPES } from '@event-lake/stripe-samples';
import { runSendEvent } from '../src/send-event-cli.js';

async function sendEvent(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runSendEvent(argv, {}, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, { cwd: '/nonexistent' });
  return { code, stdout, stderr };
}

describe('pnpm send-event', () => {
  it.each([
    [['--bogus'], /^send-event: Unknown option '--bogus'/],
    [['--via', 'pigeon'], /^send-event: --via must be webhook or eventbridge, got "pigeon"\n$/],
    [['--count', '0'], /^send-event: --count must be a whole number from 1 to 100000, got "0"\n$/],
  ])('%j exits 2 with one line naming the flag, sending nothing', async (argv, message) => {
    const out = await sendEvent(argv);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stdout).toBe('');
  });

  it('--list prints the sample event types, one a line, and exits 0', async () => {
    expect(await sendEvent(['--list'])).toEqual({ code: 0, stdout: `${SAMPLE_EVENT_TYPES.join('\n')}\n`, stderr: '' });
  });
});
