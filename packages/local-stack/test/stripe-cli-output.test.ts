import { describe, it, expect } from '@jest/globals';
import { cleanCliLine } from '../src/stripe-cli-output.js';
import { cliFailure } from '../src/stripe-cli-failure.js';

const SECRET = 'whsec_e65d4f8d01e05f8e52f4ae483ee05d5c07f2080b1fb32ee6';

describe('cleanCliLine', () => {
  it('cuts the session secret the CLI prints when ready', () => {
    const line = cleanCliLine(`Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is \x1b[1m${SECRET}\x1b[0m (^C to quit)`);
    expect(line).toEqual({ level: 'info', text: 'Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is whsec_… (^C to quit)' });
  });

  it('drops colours, terminal hyperlinks and the CLI timestamp (the stack line has its own)', () => {
    const raw = '\x1b[2m2026-12-07 18:19:59\x1b[0m  <--  [\x1b[32m200\x1b[0m] POST http://localhost:3001/webhook/stripe [\x1b]8;;https://dashboard.stripe.com/test/events/evt_1\x1b\\evt_1\x1b]8;;\x1b\\]';
    expect(cleanCliLine(raw)).toEqual({ level: 'info', text: '<--  [200] POST http://localhost:3001/webhook/stripe [evt_1]' });
  });

  it('reduces logrus lines to level and message, and keys to their prefix', () => {
    expect(cleanCliLine('time="Mon, 07 Dec 2026 18:19:54 UTC" level=warning msg="You\'re attempting to listen for \\"x\\", which isn\'t a valid event"')).toEqual({
      level: 'warn',
      text: 'You\'re attempting to listen for "x", which isn\'t a valid event',
    });
    expect(cleanCliLine('Authorization failed, status=401, body={"error":{"message":"Invalid API Key provided: sk_test_********************Uv12"}}')?.text).toBe(
      'Authorization failed, status=401, body={"error":{"message":"Invalid API Key provided: sk_test_…"}}',
    );
    expect(cleanCliLine('\x1b[0m  ')).toBeUndefined();
  });
});

describe('cliFailure', () => {
  it.each([
    [['You have not configured API keys yet', 'If you already have a key: set STRIPE_API_KEY or pass --api-key <key>.'], 2, 'the Stripe CLI is not logged in or its key was refused ("You have not configured API keys yet")'],
    [['Authorization failed, status=401, body={"error":{"message":"Invalid API Key provided: sk_test_…"}}'], 2, 'the Stripe CLI is not logged in or its key was refused ("Authorization failed, status=401'],
    [['unknown flag: --bogus'], 2, 'the Stripe CLI refused its flags (check STRIPE_LISTEN_FLAGS): unknown flag: --bogus'],
    [['Post "http://127.0.0.1:1/v1/stripecli/sessions": dial tcp 127.0.0.1:1: connect: connection refused'], 3, 'could not reach Stripe (Post "http://127.0.0.1:1/v1/stripecli/sessions"'],
    [['Authorization failed, status=500, body={}'], 3, 'could not reach Stripe (Authorization failed, status=500'],
    [[], 3, 'could not reach Stripe (exit code 1, no output)'],
  ])('%j: exit %d', (lines, exitCode, message) => {
    const failure = cliFailure('stripe listen --print-secret', lines, 1);
    expect(failure.exitCode).toBe(exitCode);
    expect(failure.message).toContain(`stripe listen --print-secret: ${message}`);
  });
});
