// Every `stripe listen` command the product documents (README, docs/local-development.md, the ingress and
// local-stack READMEs) or prints (the `pnpm start` banner) is run against the pinned Stripe CLI, so none can
// go stale again as `stripe listen --forward-to …` did with CLI 1.52. The CLI is pointed at the local
// stand-in of Stripe's CLI-session backend (`--api-base … --no-wss --api-key …`, plus `--skip-update` so
// it does not ask GitHub for a newer version); the documented port is replaced by a local receiver's.
// A listener must connect, forward the events of its kind (and only those) signed with the session secret,
// and stop with 0 on SIGTERM; `--print-secret` must print the session secret.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent, THIN_EVENT_TYPE } from '../src/index.js';
import { manualListenCommands } from '../src/listen-commands.js';
import { stripeCliBinary } from '../src/stripe-cli-binary.js';
import { startStripeCliBackend, type StripeCliBackend } from './stripe-cli-backend.js';
import { REPO_ROOT } from './pnpm-start.js';

const DOCUMENTS = ['README.md', 'docs/local-development.md', 'packages/ingress/README.md', 'packages/local-stack/README.md'];
/** `stripe listen` followed by at least one flag (with its value, if any), up to a backtick, `)` or line end. */
const LISTEN_COMMAND = /stripe listen((?: --[a-z][a-z-]*(?:[ =](?!-)[^\s`)]+)?)+)/g;
const DOCUMENTED_PORT = 'localhost:3001';

async function documentedCommands(): Promise<string[]> {
  const found = new Set<string>();
  for (const doc of DOCUMENTS) {
    for (const m of (await readFile(join(REPO_ROOT, doc), 'utf8')).matchAll(LISTEN_COMMAND)) found.add(`stripe listen${m[1]!}`);
  }
  const banner = manualListenCommands(3001);
  for (const line of [banner.secret, banner.snapshot, banner.thin]) for (const m of line.matchAll(LISTEN_COMMAND)) found.add(`stripe listen${m[1]!}`);
  return [...found].sort();
}

interface Received {
  signature: string;
  body: string;
}

function validSignature(header: string, body: string, secret: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
  return v1 === createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

describe('documented stripe listen commands, run against the pinned Stripe CLI', () => {
  let backend: StripeCliBackend;
  let receiver: Server;
  let receiverPort: number;
  let home: string;
  const received: Received[] = [];
  const cli = stripeCliBinary(undefined);

  beforeAll(async () => {
    backend = await startStripeCliBackend();
    home = await mkdtemp(join(tmpdir(), 'stripe-cli-home-'));
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ signature: String(req.headers['stripe-signature']), body: Buffer.concat(chunks).toString('utf8') });
        res.end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    receiverPort = (receiver.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await backend.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await rm(home, { recursive: true, force: true });
  });

  /** Runs a documented command (its flags verbatim, the port replaced) with the stand-in's flags. */
  function runDocumented(command: string) {
    const args = command.replace(/^stripe /, '').replaceAll(DOCUMENTED_PORT, `localhost:${receiverPort}`).split(' ');
    const child = spawn(cli, [...args, '--api-base', backend.url, '--no-wss', '--api-key', backend.apiKey, '--skip-update'], {
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), STRIPE_CLI_TELEMETRY_OPTOUT: '1', STRIPE_API_KEY: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString('utf8')), (output += d.toString('utf8'))));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    return { child, exited, stdout: () => stdout, output: () => output };
  }

  it('finds the documented commands: the secret, a snapshot listener and a thin listener', async () => {
    expect(await documentedCommands()).toEqual(expect.arrayContaining([
      'stripe listen --all-snapshot --forward-to localhost:3001/webhook/stripe',
      'stripe listen --all-thin --forward-to localhost:3001/webhook/stripe',
      'stripe listen --print-secret',
    ]));
  });

  it('each documented command works with the pinned CLI', async () => {
    for (const command of await documentedCommands()) {
      const run = runDocumented(command);
      if (command.includes('--print-secret')) {
        expect({ command, code: await run.exited, printed: run.stdout().trim() === backend.secret }).toEqual({ command, code: 0, printed: true });
        continue;
      }
      const thin = command.includes('--all-thin');
      const ready = await new Promise<boolean>((resolve) => {
        const check = setInterval(() => run.output().includes('Ready!') && (clearInterval(check), resolve(true)), 50);
        void run.exited.then(() => (clearInterval(check), resolve(false)));
      });
      expect({ command, ready, output: ready ? '' : run.output() }).toEqual({ command, ready: true, output: '' });
      await backend.connected(thin ? 'v2_events' : 'webhooks');
      received.length = 0;
      const snapshot = sampleEvent('charge.succeeded');
      const thinEvent = sampleEvent(THIN_EVENT_TYPE);
      backend.push('snapshot', snapshot.body);
      backend.push('thin', thinEvent.body);
      const expected = thin ? thinEvent : snapshot;
      await backend.response(expected.id);
      run.child.kill('SIGTERM');
      expect({
        command,
        code: await run.exited,
        received: received.map((r) => r.body === expected.body),
        signed: received.every((r) => validSignature(r.signature, r.body, backend.secret)),
      }).toEqual({ command, code: 0, received: [true], signed: true });
    }
  }, 120_000);

  it('the old documented line is refused by today\'s CLI (what this test guards against)', async () => {
    const run = runDocumented(`stripe listen --forward-to ${DOCUMENTED_PORT}/webhook/stripe`);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('must specify events to forward using --events, --all-snapshot, or --all-thin');
  }, 60_000);
});
