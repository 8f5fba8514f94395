// The two-stage Ctrl-C of the long-running tools, for their main.ts (the only code touching the process).

/**
 * First Ctrl-C: prints `message` on stderr and aborts the returned signal (the tool stops starting work
 * and finishes what is in flight). A second Ctrl-C exits at once with `exitCode`.
 */
export function stopOnCtrlC(message: string, exitCode: number): AbortSignal {
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(exitCode);
    process.stderr.write(`\n${message}\n`);
    stop.abort();
  });
  return stop.signal;
}
