// Runs the ingress (packages/ingress/src/main.ts) as a child process configured only by environment, as in
// production, pointed at firehose-local (which ignores credentials), by the shared runner. Its output is
// forwarded line by line.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild, type ChildRun } from '@event-lake/cli-kit';
import { CREDENTIAL_VARIABLES } from '@event-lake/firehose-writer';

export const INGRESS_MAIN = fileURLToPath(new URL('../../ingress/src/main.ts', import.meta.url));

/** The ingress child: `exited` once every line was forwarded; `stop(graceMs)` SIGTERM, then SIGKILL. */
export type IngressProcess = ChildRun;

export interface IngressEnv {
  port: number;
  webhookSecret: string;
  streamName: string;
  firehoseUrl: string;
  region: string;
}

export function startIngressProcess(base: Readonly<Record<string, string | undefined>>, settings: IngressEnv, forward: (line: string) => void): IngressProcess {
  if (!existsSync(INGRESS_MAIN)) throw new Error(`the ingress entry ${INGRESS_MAIN} does not exist`);
  const env: Record<string, string | undefined> = {
    ...base,
    PORT: String(settings.port),
    STRIPE_WEBHOOK_SECRET: settings.webhookSecret,
    FIREHOSE_DELIVERY_STREAM_NAME: settings.streamName,
    AWS_REGION: settings.region,
    AWS_ENDPOINT_URL_FIREHOSE: settings.firehoseUrl,
  };
  // Local only: real credentials have no business here. With none named, the ingress signs its calls to
  // the loopback firehose-local with the writer's dummy credentials.
  for (const name of [...CREDENTIAL_VARIABLES, 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
  return runChild(process.execPath, ['--import', 'tsx', INGRESS_MAIN], { cwd: dirname(dirname(INGRESS_MAIN)), env, onLine: forward });
}

/** Polls `<url>/ready` until it answers 200; rejects if `gaveUp` settles first. */
export async function waitForReady(url: string, gaveUp: Promise<unknown>): Promise<void> {
  let over = false;
  void gaveUp.finally(() => (over = true));
  while (!over) {
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the ingress exited before it was ready');
}
