// Ctrl-C as a key rather than a signal. On a terminal, Ctrl-C sends SIGINT to the whole foreground process
// group: not only this process but also pnpm and the `sh -c` it runs scripts with. dash dies of that
// signal once its child has exited, even when the child exits 0 after a clean stop, so pnpm reports
// `ELIFECYCLE … Command failed with signal "SIGINT"` and exits non-zero. With the terminal in raw mode
// (ISIG off) Ctrl-C arrives as the byte 0x03 on stdin and no process is signalled: the stack stops itself
// and exits 0, and so do the shell and pnpm. SIGINT and SIGTERM sent otherwise (kill) are still handled.
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
