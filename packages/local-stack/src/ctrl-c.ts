// Ctrl-C as a key rather than a signal. On a terminal, Ctrl-C sends SIGINT to the whole foreground process
// group at once: this process, pnpm, the ingress and any `stripe listen`, so they would stop in no order
// (and before the package scripts exec'd, pnpm's `sh -c` died of it and pnpm reported `ELIFECYCLE`). With
// the terminal in raw mode (ISIG off) Ctrl-C arrives as the byte 0x03 on stdin and no process is signalled:
// the stack stops itself in order (listeners, ingress, then the firehose-local flush) and exits 0, and so
// does pnpm. SIGINT and SIGTERM sent otherwise (kill, a process manager) are still handled.
import type { ReadStream } from 'node:tty';

const CTRL_C = 0x03;

/** Calls `onCtrlC` for each Ctrl-C typed on `stdin` when it is a terminal; returns a function restoring it. */
export function takeCtrlC(stdin: NodeJS.ReadStream, onCtrlC: () => void): () => void {
  if (!stdin.isTTY) return () => undefined;
  const tty = stdin as NodeJS.ReadStream & ReadStream;
  const onData = (chunk: Buffer) => {
    if (chunk.includes(CTRL_C)) onCtrlC();
  };
  tty.setRawMode(true);
  tty.on('data', onData);
  return () => {
    tty.off('data', onData);
    tty.setRawMode(false);
    tty.pause();
  };
}
