// Runs the deployed ingress package exactly as Lambda Web Functions would: `node index.js` on Node 24, with
// the environment of the synthesized WebFunctionRevision (CloudFormation references replaced by local
// values) plus AWS_LAMBDA_HTTP_ENDPOINT, the secret from a Secrets Manager stand-in and Firehose from
// firehose-local. Shared by the deployed-bundle test and `pnpm bench` (bench/deployed-bundle.ts).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { BUNDLE_ENTRY } from '../lib/ingress-bundle.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node 24 binary `.ci/run` installs from the npm registry (`.ci/node-versions`), installed the same
 * way when missing, so a plain `pnpm test` works too (it needs the registry once).
 */
export function node24(): string {
  const version = readFileSync(path.join(REPO, '.ci/node-versions'), 'utf8').split('\n').find((v) => v.startsWith('24.'));
  if (!version) throw new Error('.ci/node-versions lists no Node 24 version');
  return execFileSync('bash', [path.join(REPO, '.ci/install-node.sh'), version], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The environment a hosting mode's template gives the ingress, with every `{ Ref }` replaced by `refs[logicalId]`. */
export function templateEnvironment(template: Template, hosting: 'web-function' | 'function-url', refs: Readonly<Record<string, string>>): Record<string, string> {
  const type = hosting === 'web-function' ? 'AWS::Lambda::WebFunctionRevision' : 'AWS::Lambda::Function';
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith('Ingress'));
  if (found.length !== 1) throw new Error(`expected one ingress ${type}, found ${found.length}`);
  const props = found[0]![1]['Properties'] as {
    ServiceConfig?: { EnvironmentVariables?: Record<string, unknown> };
    Environment?: { Variables?: Record<string, unknown> };
  };
  const vars = (hosting === 'web-function' ? props.ServiceConfig?.EnvironmentVariables : props.Environment?.Variables) ?? {};
  return Object.fromEntries(Object.entries(vars).map(([name, value]) => {
    if (typeof value === 'string') return [name, value];
    const ref = (value as { Ref?: string }).Ref;
    const local = ref === undefined ? undefined : refs[ref];
    if (local === undefined) throw new Error(`${name}: no local value for ${JSON.stringify(value)}`);
    return [name, local];
  }));
}

/** Whether anything accepts connections on the loopback port. */
export const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface BundleProcess {
  readonly child: ChildProcess;
  /** stdout and stderr lines so far. */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal, once all its output is read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves with ms since start once `port` accepts connections; rejects if it exits first or takes longer than `withinMs`. */
  listening(port: number, withinMs: number): Promise<number>;
  /** Resolves once a line containing `text` has been read; rejects if it exits first or takes longer than `withinMs`. */
  printed(text: string, withinMs: number): Promise<void>;
}

/** `node index.js` in `bundleDir`, with exactly `env` (plus PATH). */
export function startBundle(nodeBin: string, bundleDir: string, env: Readonly<Record<string, string>>): BundleProcess {
  const started = Date.now();
  const child = spawn(nodeBin, [BUNDLE_ENTRY], { cwd: bundleDir, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const onLine = (line: string) => lines.push(line);
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  // 'close', not 'exit': 'exit' can come before the last output lines are read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  let exitedAt: number | undefined;
  void exited.then(({ at }) => { exitedAt = at; });
  const listening = async (port: number, withinMs: number): Promise<number> => {
    for (;;) {
      if (exitedAt !== undefined) throw new Error(`the bundle exited before listening:\n${lines.join('\n')}`);
      if (await accepts(port)) return Date.now() - started;
      if (Date.now() - started > withinMs) throw new Error(`the bundle did not listen on ${port} within ${withinMs} ms:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // The port can accept before the log line saying so reaches this process through the pipe.
  const printed = async (text: string, withinMs: number): Promise<void> => {
    const until = Date.now() + withinMs;
    while (!lines.some((line) => line.includes(text))) {
      if (exitedAt !== undefined) throw new Error(`the bundle exited without printing ${JSON.stringify(text)}:\n${lines.join('\n')}`);
      if (Date.now() > until) throw new Error(`the bundle did not print ${JSON.stringify(text)} within ${withinMs} ms:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, lines, exited, listening, printed };
}
