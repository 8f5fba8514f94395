// `pnpm start --listen` when the Stripe CLI cannot work: not logged in, Stripe unreachable, or Stripe failing
// once the stack is up. Each ends with a message that says what to do, a non-zero exit (2 configuration,
// 3 an outside service) and nothing left running.
import { describe, it, expect } from '@jest/globals';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStripeCliBackend } from './stripe-cli-backend.js';
import { runPnpm, stackEnv } from './pnpm-start.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startListen(extra: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'local-stack-listen-fail-'));
  const run = runPnpm(['start', '--listen'], stackEnv(join(dir, 'lake'), { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), STRIPE_CLI_TELEMETRY_OPTOUT: '1', ...extra }));
  const finish = async () => {
    const code = await run.exited;
    const left = await run.leftRunning();
    return { code, left, output: run.output() };
  };
  return { run, finish, cleanUp: () => (run.kill(), rm(dir, { recursive: true, force: true })) };
}

describe('pnpm start --listen when the Stripe CLI cannot work', () => {
  it('not logged in: says how to log in, exits 2, starts nothing', async () => {
    const { finish, cleanUp } = await startListen({});
    try {
      const { code, left, output } = await finish();
      expect({ code, left, startedStack: output.includes('starting firehose-local') }).toEqual({ code: 2, left: { atExit: [], afterGrace: [] }, startedStack: false });
      expect(output).toMatch(/the Stripe CLI is not logged in .*run `pnpm exec stripe login`, set STRIPE_API_KEY, or put --api-key sk_test_… in STRIPE_LISTEN_FLAGS/);
    } finally {
      await cleanUp();
    }
  }, 120_000);

  it('Stripe unreachable: says so, exits 3, starts nothing', async () => {
    const port = await closedPort();
    const { finish, cleanUp } = await startListen({ STRIPE_LISTEN_FLAGS: `--api-base http://127.0.0.1:${port} --no-wss --api-key sk_test_0123456789abcdef` });
    try {
      const { code, left, output } = await finish();
      expect({ code, left, startedStack: output.includes('starting firehose-local') }).toEqual({ code: 3, left: { atExit: [], afterGrace: [] }, startedStack: false });
      expect(output).toMatch(new RegExp(`stripe listen --print-secret: could not reach Stripe \\(.*127\\.0\\.0\\.1:${port}.*connection refused`));
      expect(output).not.toContain('0123456789abcdef');
    } finally {
      await cleanUp();
    }
  }, 120_000);

  it('Stripe failing once the stack is up: stops the stack (flushed), exits 3, nothing left running', async () => {
    const backend = await startStripeCliBackend({ failSessionsAfter: 1 }); // --print-secret works, the listeners' sessions fail
    const { finish, cleanUp } = await startListen({ STRIPE_LISTEN_FLAGS: `--api-base ${backend.url} --no-wss --api-key ${backend.apiKey}` });
    try {
      const { code, left, output } = await finish();
      expect({
        code,
        left,
        startedStack: output.includes('starting firehose-local'),
        said: /stripe listen \((snapshot|thin)\) ended \(exit code 1\): could not reach Stripe \(.*status=500/.test(output),
        stopped: output.includes('stopped; nothing buffered was lost'),
        ready: output.includes('event-lake local stack ready'),
      }).toEqual({ code: 3, left: { atExit: [], afterGrace: [] }, startedStack: true, said: true, stopped: true, ready: false });
    } finally {
      await cleanUp();
      await backend.close();
    }
  }, 120_000);
});
