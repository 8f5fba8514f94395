// Runs the ingress as a child process, configured only by environment like `pnpm ingress`.
import { fileURLToPath } from 'node:url';
import { startProcess, type TestProcess } from '@event-lake/test-kit';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface IngressChild {
  child: TestProcess['child'];
  url: string;
  /** Every log line so far (stdout and stderr), growing while the ingress runs. */
  logs: string[];
  /** Exit code, once every log line has been read. */
  exited: Promise<number | null>;
}

/** The URL of the "ingress listening" line (pino's keys in any order). */
const LISTENING = /^(?=.*ingress listening).*"url":"(http:\/\/[^"]+)"/m;

export async function startIngressChild(env: Record<string, string>): Promise<IngressChild> {
  const run = startProcess(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', PORT: '0', ...env },
    name: 'the ingress',
  });
  let url: string;
  try {
    url = (await run.waitFor(LISTENING, 60_000))[1]!;
  } catch (err) {
    run.child.kill('SIGKILL');
    throw err;
  }
  return { child: run.child, url, logs: run.lines, exited: run.exited.then((r) => r.code) };
}
