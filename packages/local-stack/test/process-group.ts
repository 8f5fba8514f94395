// The local-stack end-to-end tests start `pnpm start` (or start.ts) detached, in its own process group,
// so that a failed test can still stop everything it started: the stack, the ingress child, pnpm, sh.
import type { ChildProcess } from 'node:child_process';

export function killProcessGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // the whole group has already exited
  }
}
