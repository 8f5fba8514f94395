// Issue 20's acceptance: `pnpm start --listen` with the real Stripe CLI binary from the workspace's pinned
// @stripe/cli, pointed (STRIPE_LISTEN_FLAGS) at a local stand-in for Stripe's CLI-session backend. Snapshot,
// Connect and thin events pushed through the CLI's websockets are all answered 200, all in the lake exactly
// once and byte for byte; SIGTERM to the pnpm process ends with 0 and nothing left running; no part of the
// CLI's secret or the API key reaches the terminal.
import { describe, it, expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeliveredLines } from '@event-lake/firehose-local';
import { parseArchiveLine, rawBodyOf, type ArchiveRecord } from '@event-lake/lake-format';
import { sampleEvent, THIN_EVENT_TYPE, type SampleEvent } from '../src/index.js';
import { startStripeCliBackend } from './stripe-cli-backend.js';
import { runPnpm, stackEnv } from './pnpm-start.js';

/** A snapshot event of about `bytes`, pretty-printed as Stripe sends it. */
function largeEvent(bytes: number): SampleEvent {
  const event = JSON.parse(sampleEvent('invoice.paid').body) as { id: string; type: string; data: { object: Record<string, unknown> } };
  event.data.object['description'] = 'x'.repeat(bytes);
  return { id: event.id, type: event.type, body: JSON.stringify(event, null, 2) } as SampleEvent;
}

describe('pnpm start --listen with the real Stripe CLI', () => {
  it('forwards snapshot, Connect and thin events into the lake byte for byte, and SIGTERM stops everything with 0', async () => {
    const backend = await startStripeCliBackend();
    const dir = await mkdtemp(join(tmpdir(), 'local-stack-listen-'));
    const run = runPnpm(['start', '--listen'], stackEnv(join(dir, 'lake'), {
      STRIPE_LISTEN_FLAGS: `--api-base ${backend.url} --no-wss --api-key ${backend.apiKey}`,
      HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), STRIPE_CLI_TELEMETRY_OPTOUT: '1',
    }));
    try {
      await run.waitFor(/stripe listen\s+snapshot and thin events forwarded here/);
      await backend.connected('webhooks');
      await backend.connected('v2_events');
      const pushes: [('snapshot' | 'thin'), SampleEvent][] = [
        ['snapshot', sampleEvent('payment_intent.succeeded')],
        ['snapshot', sampleEvent('customer.subscription.created')],
        ['snapshot', sampleEvent('invoice.paid', { account: 'acct_1ConnectedStandin' })],
        ['snapshot', largeEvent(300_000)],
        ['thin', sampleEvent(THIN_EVENT_TYPE)],
        ['thin', sampleEvent(THIN_EVENT_TYPE, { account: 'acct_1ConnectedStandin' })],
      ];
      // Each goes to exactly one listener: the one of its kind.
      expect(pushes.map(([kind, e]) => backend.push(kind, e.body))).toEqual(pushes.map(() => 1));
      const answers = await Promise.all(pushes.map(([, e]) => backend.response(e.id)));
      expect(answers.map((a) => a.status)).toEqual(pushes.map(() => 200));

      run.child.kill('SIGTERM'); // to pnpm itself, as a process manager would
      const code = await run.exited;
      const left = await run.leftRunning();
      const records = (await readDeliveredLines(join(dir, 'lake'))).map((l) => parseArchiveLine(l));
      const byId = new Map<string, ArchiveRecord[]>();
      for (const r of records) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      const output = run.output();
      const leaked = [backend.secret.slice('whsec_'.length), backend.apiKey.slice('sk_test_'.length)].flatMap((s) =>
        Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8)).filter((part) => output.includes(part)),
      );
      expect({
        code,
        left,
        stoppedInOrder: /stopping \(SIGTERM\): stripe listen first, then the ingress/.test(output) && output.includes('stopped; nothing buffered was lost'),
        deliveries: pushes.map(([, e]) => new Set((byId.get(e.id) ?? []).map((r) => r.delivery_id)).size),
        byteForByte: pushes.map(([, e]) => rawBodyOf(byId.get(e.id) ?? []).equals(Buffer.from(e.body, 'utf8'))),
        accounts: pushes.map(([, e]) => byId.get(e.id)?.[0]?.account ?? null),
        leaked,
      }).toEqual({
        code: 0,
        left: { atExit: [], afterGrace: [] },
        stoppedInOrder: true,
        deliveries: pushes.map(() => 1),
        byteForByte: pushes.map(() => true),
        accounts: [null, null, 'acct_1ConnectedStandin', null, null, 'acct_1ConnectedStandin'],
        leaked: [],
      });
      // --print-secret, then one session per listener, each asking only for its kind.
      expect(backend.sessions.map((s) => s.features.join(','))).toEqual(expect.arrayContaining(['webhooks', 'webhooks', 'v2_events']));
      expect(backend.sessions).toHaveLength(3);
    } finally {
      run.kill();
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
