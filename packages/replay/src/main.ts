// Composition root of `pnpm replay`: the only place that reads process.env and owns the process.
import { EXIT } from './errors.js';
import { runReplayCli } from './run-cli.js';

// First Ctrl-C: stop starting deliveries, let those in flight finish and be checkpointed, print the
// report. A second Ctrl-C exits at once (the checkpoint holds every confirmed delivery anyway).
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(EXIT.interrupted);
  process.stderr.write('\nreplay: stopping after the requests in flight (Ctrl-C again to quit now) …\n');
  stop.abort();
});

process.exitCode = await runReplayCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, { cwd: process.cwd(), signal: stop.signal });
