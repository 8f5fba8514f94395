// Issue 19 item 12: SIGTERM to the command the user ran (`pnpm start`, `pnpm ingress`, `pnpm firehose-local`),
// as a process manager, a container runtime or a script sends it, stops the stack as Ctrl-C does: it flushes,
// the command exits 0 only once everything it started has stopped, and nothing is left running. pnpm passes
// the signal only to its `sh -c` child; the package scripts `exec` down to the real process so it gets it.
import { describe, it, expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeliveredLines } from '@event-lake/firehose-local';
import { parseArchiveLine } from '@event-lake/lake-format';
import { DEVELOPMENT_WEBHOOK_SECRET, postEvent, sampleEvents } from '../src/index.js';
import { runPnpm, stackEnv, type PnpmRun } from './pnpm-start.js';

const NOTHING_LEFT = { atExit: [], afterGrace: [] };

async function stopWithSigterm(run: PnpmRun) {
  run.child.kill('SIGTERM'); // pnpm's own pid, not the process group
  const code = await run.pnpmExited; // not 'close': processes left running would hold the pipes open
  return { code, left: await run.leftRunning() };
}

async function archivedIds(lakeDir: string): Promise<string[]> {
  return (await readDeliveredLines(lakeDir)).map((l) => parseArchiveLine(l).id).sort();
}

describe('SIGTERM to the pnpm command', () => {
  it('pnpm start: flushes every acknowledged event, exits 0, leaves nothing running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-stack-sigterm-'));
    // A long buffer interval: the events reach the lake only through the flush on the way out.
    const run = runPnpm(['start'], stackEnv(dir, { FIREHOSE_BUFFER_INTERVAL_SECONDS: '900' }));
    try {
      const webhookUrl = (await run.waitFor(/webhook URL\s+(\S+)/))[1]!;
      const events = sampleEvents(5);
      const results = await Promise.all(events.map((e) => postEvent(webhookUrl, e, DEVELOPMENT_WEBHOOK_SECRET)));
      expect(results.map((r) => r.status)).toEqual(events.map(() => 200));
      expect(await stopWithSigterm(run)).toEqual({ code: 0, left: NOTHING_LEFT });
      expect(await archivedIds(dir)).toEqual(events.map((e) => e.id).sort());
      // On Node < 22: the stack's one line, not the AWS SDK's paragraph (issue 20); on 22+: neither.
      const olderNode = Number(process.versions.node.split('.')[0]) < 22;
      expect({ sdkParagraph: run.output().includes('NodeVersionSupportWarning'), notice: /^note: Node v\S+ works here, but .* use Node 22 or 24$/m.test(run.output()) }).toEqual({
        sdkParagraph: false,
        notice: olderNode,
      });
    } finally {
      run.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('pnpm ingress, then pnpm firehose-local: each exits 0 and leaves nothing running; the events are flushed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-stack-sigterm-parts-'));
    const firehose = runPnpm(['firehose-local'], stackEnv(dir, { FIREHOSE_BUFFER_INTERVAL_SECONDS: '900' }));
    let ingress: PnpmRun | undefined;
    try {
      const firehoseUrl = (await firehose.waitFor(/firehose-local listening on (http:\/\/\S+?),/))[1]!;
      ingress = runPnpm(['ingress'], stackEnv(dir, { STRIPE_WEBHOOK_SECRET: DEVELOPMENT_WEBHOOK_SECRET, AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl, AWS_REGION: 'us-east-1' }));
      const webhookUrl = (await ingress.waitFor(/"webhookUrl":"([^"]+)"/))[1]!;
      const events = sampleEvents(5);
      const results = await Promise.all(events.map((e) => postEvent(webhookUrl, e, DEVELOPMENT_WEBHOOK_SECRET)));
      expect(results.map((r) => r.status)).toEqual(events.map(() => 200));
      expect(await stopWithSigterm(ingress)).toEqual({ code: 0, left: NOTHING_LEFT });
      expect(await stopWithSigterm(firehose)).toEqual({ code: 0, left: NOTHING_LEFT });
      expect(await archivedIds(dir)).toEqual(events.map((e) => e.id).sort());
    } finally {
      ingress?.kill();
      firehose.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
