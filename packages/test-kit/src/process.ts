// Test support: a command run as a child process, as a user or a process manager runs it. Its output is
// kept (whole, and line by line) for assertions, a test can wait a bounded time for what it expects to
// be printed, and `exited` settles only once every byte of output has been read.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Output still arriving after the exit (the pipes drain) is waited for this long. */
const EXIT_GRACE_MS = 1000;

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestProcessOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Its own process group (kill it with `process.kill(-pid)`), for commands that start children. */
  readonly detached?: boolean;
  /** How failures name the command; default the command and its arguments. */
  readonly name?: string;
}

export interface TestProcess {
  readonly child: ChildProcess;
  /** Every line of stdout and stderr so far, as read (the array grows while the process runs). */
  readonly lines: string[];
  /** stdout and stderr so far, interleaved as read. */
  output(): string;
  /**
   * The first match of `pattern` in the output; throws, with the output so far, when the process has
   * ended (its output read, or a second after its exit) or `timeoutMs` passes first.
   */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Settles on 'close', not 'exit': every line has been read by then. */
  readonly exited: Promise<ProcessResult>;
}

export function startProcess(command: string, args: readonly string[], options: TestProcessOptions): TestProcess {
  const child = spawn(command, [...args], {
    env: options.env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const name = options.name ?? [command, ...args].join(' ');
  let stdout = '';
  let stderr = '';
  let text = '';
  let closed = false;
  let exitedAt: number | undefined;
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    text += d.toString('utf8');
    wake();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    text += d.toString('utf8');
    wake();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  // A grandchild may hold the pipes open after the command itself has exited: waitFor then gives up
  // a moment after the exit rather than at its timeout.
  child.once('exit', () => {
    exitedAt = Date.now();
    wake();
  });
  const exited = new Promise<ProcessResult>((resolve) =>
    child.once('close', (code, signal) => {
      closed = true;
      wake();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    lines,
    output: () => text,
    exited,
    async waitFor(pattern, timeoutMs) {
      const giveUp = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(text);
        if (m) return m;
        const gone = closed || (exitedAt !== undefined && Date.now() - exitedAt > EXIT_GRACE_MS);
        if (gone || Date.now() > giveUp) {
          throw new Error(`${name} did not print ${pattern} ${gone ? 'before it exited' : `within ${timeoutMs / 1000} s`}:\n${text}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(1000, Math.max(0, giveUp - Date.now()) + 1));
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
  };
}
