// Runs the ingress as a child process, configured only by environment like `pnpm ingress`.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface IngressChild {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
}

export async function startIngressChild(env: Record<string, string>): Promise<IngressChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  // 'close', not 'exit': 'exit' can come before the last log lines are read from the pipes.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      logs.push(line);
      const m = /"url":"(http:\/\/[^"]+)"/.exec(line);
      if (m && line.includes('ingress listening')) resolve(m[1]!);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => reject(new Error(`ingress exited with ${code} before listening:\n${logs.join('\n')}`)));
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ingress did not log "ingress listening" within 60 s:\n${logs.join('\n')}`));
    }, 60_000).unref();
  });
  return { child, url, logs, exited };
}
