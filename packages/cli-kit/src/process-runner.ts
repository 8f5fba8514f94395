// A child process a tool supervises: its output read line by line, ready at a line the caller
// recognises, stopped with SIGTERM and then SIGKILL after a grace, its end reported once every line has
// been read. `pnpm start` runs the ingress and the Stripe CLI this way.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Each line of stderr, and of stdout unless `captureStdout`. */
  readonly onLine: (line: string) => void;
  /** A line (as read, before `onLine`) that says the child is ready; without it `ready` never resolves. */
  readonly isReadyLine?: (line: string) => boolean;
  /** Keep stdout whole, for `stdout()`, instead of passing it to `onLine`. */
  readonly captureStdout?: boolean;
}

export interface ChildRun {
  readonly child: ChildProcess;
  /**
   * Resolves on 'close', not 'exit' (every line has been passed on), with the exit code (null when a
   * signal ended it); rejects with spawn's error when the command could not be started.
   */
  readonly exited: Promise<number | null>;
  /** Resolves at the first ready line; never rejects (bound it with `untilReady`). */
  readonly ready: Promise<void>;
  /** The whole of stdout, with `captureStdout`. */
  stdout(): string;
  /** SIGTERM if it is still running, SIGKILL if it has not ended `graceMs` later; resolves once it has ended. */
  stop(graceMs: number): Promise<void>;
}

export function runChild(command: string, args: readonly string[], options: ChildOptions): ChildRun {
  const child = spawn(command, [...args], {
    env: options.env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const take = (line: string) => {
    if (options.isReadyLine?.(line)) onReady();
    options.onLine(line);
  };
  if (options.captureStdout) child.stdout!.on('data', (d: Buffer) => (captured += d.toString('utf8')));
  else createInterface({ input: child.stdout! }).on('line', take);
  createInterface({ input: child.stderr! }).on('line', take);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return {
    child,
    exited,
    ready,
    stdout: () => captured,
    async stop(graceMs) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}

/** Which came first: `ready`, `ended` (settled either way), or `timeoutMs` (a timer that holds nothing open). */
export function untilReady(ready: Promise<unknown>, ended: Promise<unknown>, timeoutMs: number): Promise<'ready' | 'ended' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  const settled = ended.then(() => 'ended' as const, () => 'ended' as const);
  return Promise.race([ready.then(() => 'ready' as const), settled, timeout]).finally(() => clearTimeout(timer));
}
