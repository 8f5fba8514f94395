// The deployed package, run as Lambda Web Functions run it: the real esbuild bundle started with
// `node index.js` on Node 24, the environment of the synthesized WebFunctionRevision (references replaced
// by local values) plus AWS_LAMBDA_HTTP_ENDPOINT, the signing secret from a Secrets Manager stand-in reached
// by the real SDK, and firehose-local for Firehose. Shutdown follows the platform: SIGTERM, then at most 1 s.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFirehoseLocal, readDeliveredLines, startSilentEndpoint, type FirehoseLocal } from '@event-lake/firehose-local';
import { DEFAULT_DELIVERY_STREAM_NAME, parseArchiveLine } from '@event-lake/lake-format';
import { postEvents } from '@event-lake/test-kit';
import { SECRET_A } from '@event-lake/test-kit';
import { bundleIngress } from '../lib/ingress-bundle.js';
import { REPO_PATHS } from '../lib/paths.js';
import { accepts, freePort, node24, startBundle, templateEnvironment, type BundleProcess } from './deployed-bundle.js';
import { buildStack, logicalId } from './fixtures.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from './secrets-manager-stand-in.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:event-lake-webhook-AbCdEf';
const NOT_A_SIGNING_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:not-whsec-AbCdEf';
const NOT_A_SIGNING_SECRET = 'sk_live_thisisnotasigningsecret0123';
/** How long Lambda Web Functions wait after SIGTERM before they end the environment. */
const PLATFORM_SHUTDOWN_MS = 1000;
/** How long Lambda Web Functions give a new environment to listen. */
const WEB_FUNCTION_START_LIMIT_MS = 10_000;

let dir: string;
let bundleDir: string;
let nodeBin: string;
let templateEnv: Record<string, string>;
let firehose: FirehoseLocal;
let firehoseUrl: string;
let secrets: SecretsManagerStandIn;
const running: BundleProcess[] = [];

beforeAll(async () => {
  nodeBin = node24();
  dir = mkdtempSync(path.join(os.tmpdir(), 'event-lake-deployed-'));
  bundleDir = bundleIngress({ ingressEntry: REPO_PATHS.ingressEntry, launcherEntry: REPO_PATHS.launcherEntry, outDir: path.join(dir, 'bundle') });
  const built = buildStack();
  try {
    templateEnv = templateEnvironment(built.template, 'web-function', {
      [logicalId(built.template, 'AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream')]: DEFAULT_DELIVERY_STREAM_NAME,
      [logicalId(built.template, 'AWS::SecretsManager::Secret', 'IngressWebhookSecret')]: SECRET_ARN,
    });
  } finally {
    built.cleanup();
  }
  firehose = await createFirehoseLocal({ lakeDir: path.join(dir, 'lake'), bufferIntervalSeconds: 900, bufferSizeMiB: 128 });
  firehoseUrl = (await firehose.listen(0, '127.0.0.1')).url;
  secrets = await startSecretsManagerStandIn({ [SECRET_ARN]: SECRET_A, [NOT_A_SIGNING_SECRET_ARN]: NOT_A_SIGNING_SECRET });
}, 180_000);

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await firehose?.close();
  await secrets?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The bundle on a fresh AWS_LAMBDA_HTTP_ENDPOINT, environment from the template plus the local endpoints. */
async function start(overrides: Record<string, string> = {}): Promise<{ proc: BundleProcess; port: number }> {
  const port = await freePort();
  const proc = startBundle(nodeBin, bundleDir, {
    ...templateEnv,
    AWS_LAMBDA_HTTP_ENDPOINT: `127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_FIREHOSE: firehoseUrl,
    ...overrides,
  });
  running.push(proc);
  return { proc, port };
}

async function storedIds(): Promise<Set<string>> {
  await firehose.flush();
  return new Set((await readDeliveredLines(path.join(dir, 'lake'))).map((l) => parseArchiveLine(l).id));
}

/** The platform's shutdown: SIGTERM, then SIGKILL if the process is still there after 1 s. */
async function platformShutdown(proc: BundleProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const signalled = Date.now();
  proc.child.kill('SIGTERM');
  const kill = setTimeout(() => proc.child.kill('SIGKILL'), PLATFORM_SHUTDOWN_MS);
  const { code, signal, at } = await proc.exited;
  clearTimeout(kill);
  return { code, signal, ms: at - signalled };
}

describe('deployed bundle on Node 24, run as Lambda Web Functions run it', () => {
  it('runs on Node 24 with the template environment: no PORT, ops endpoints off', () => {
    expect(execFileSync(nodeBin, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
    expect(templateEnv).not.toHaveProperty('PORT');
    expect(templateEnv).toMatchObject({ STRIPE_WEBHOOK_SECRET_ARN: SECRET_ARN, INGRESS_OPS_ENDPOINTS: 'off' });
  });

  it('reads the secret, listens on AWS_LAMBDA_HTTP_ENDPOINT within 10 s and stores 64 concurrent signed events', async () => {
    const { proc, port } = await start();
    await proc.listening(port, 10_000);
    expect(secrets.requests).toContain(SECRET_ARN);
    await proc.printed('ingress listening', 5_000);
    const results = await postEvents(`http://127.0.0.1:${port}/webhook/stripe`, 64, 64);
    expect(results.map((r) => r.status)).toEqual(Array(64).fill(200));
    const stored = await storedIds();
    expect(results.filter((r) => !stored.has(r.id)).map((r) => r.id)).toEqual([]);
    expect(await platformShutdown(proc)).toMatchObject({ code: 0, signal: null });
  });

  it('SIGTERM under load: exits by itself within the platform\'s 1 s, every event answered 200 is in the lake', async () => {
    const { proc, port } = await start();
    await proc.listening(port, 10_000);
    firehose.setFaults({ latencyMs: 20 });
    try {
      let ok = 0;
      let shutdown: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> | undefined;
      const results = await postEvents(`http://127.0.0.1:${port}/webhook/stripe`, 2000, 64, {
        onAnswer: (sent) => {
          if (sent.status === 200 && ++ok === 200) shutdown = platformShutdown(proc);
        },
      });
      const ended = await shutdown!;
      // Not ended by the platform's SIGKILL: the ingress settled everything and exited 0 on its own.
      expect(ended).toMatchObject({ code: 0, signal: null });
      const answered = results.filter((r) => r.status === 200);
      expect(answered.length).toBeGreaterThanOrEqual(200);
      expect(results.length - answered.length).toBeGreaterThan(0); // the shutdown did cut the load off
      for (const r of results.filter((x) => x.status !== 200)) expect([0, 503]).toContain(r.status);
      const stored = await storedIds();
      expect(answered.filter((r) => !stored.has(r.id)).map((r) => r.id)).toEqual([]);
      expect(proc.lines.join('\n')).toContain('ingress stopped');
    } finally {
      firehose.setFaults({});
    }
  });

  it.each([
    ['not a whsec_ value', NOT_A_SIGNING_SECRET_ARN, {}, /STRIPE_WEBHOOK_SECRET.*does not look like a Stripe signing secret/],
    ['missing', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:absent-AbCdEf', {}, /could not read the secret named by STRIPE_WEBHOOK_SECRET_ARN: ResourceNotFoundException/],
    ['unreadable (Secrets Manager unreachable)', SECRET_ARN, { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9' }, /could not read the secret named by STRIPE_WEBHOOK_SECRET_ARN/],
  ])('a secret that is %s: exits non-zero with one clear line, never listens, never echoes it', async (_case, arn, overrides, message) => {
    const { proc, port } = await start({ STRIPE_WEBHOOK_SECRET_ARN: arn, ...overrides });
    const { code } = await proc.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(proc.lines).toHaveLength(1);
    expect(proc.lines[0]).toMatch(message);
    expect(proc.lines.join('\n')).not.toContain('ingress listening');
    expect(proc.lines.join('\n')).not.toContain('thisisnotasigningsecret');
    expect(await accepts(port)).toBe(false);
  });

  it('Secrets Manager accepts and never answers: exits 1 with the launcher\'s line inside the 10 s start limit', async () => {
    const silent = await startSilentEndpoint();
    try {
      const { proc, port } = await start({ AWS_ENDPOINT_URL_SECRETS_MANAGER: silent.url });
      const startedAt = Date.now();
      const kill = setTimeout(() => proc.child.kill('SIGKILL'), WEB_FUNCTION_START_LIMIT_MS);
      const { code, signal, at } = await proc.exited;
      clearTimeout(kill);
      expect({ code, signal }).toEqual({ code: 1, signal: null });
      expect(at - startedAt).toBeLessThan(WEB_FUNCTION_START_LIMIT_MS);
      expect(proc.lines).toHaveLength(1);
      expect(proc.lines[0]).toMatch(/^ingress launcher: could not read the secret named by STRIPE_WEBHOOK_SECRET_ARN: TimeoutError/);
      expect(await accepts(port)).toBe(false);
    } finally {
      await silent.close();
    }
  }, 20_000);
});
