// Composition root of `pnpm replay`: the only place that reads process.env and owns the process.
import { stopOnCtrlC } from '@event-lake/cli-kit';
import { EXIT } from './errors.js';
import { runReplayCli } from './run-cli.js';

// First Ctrl-C: stop starting deliveries, let those in flight finish and be checkpointed, print the
// report. A second Ctrl-C exits at once (the checkpoint holds every confirmed delivery anyway).
const signal = stopOnCtrlC('replay: stopping after the requests in flight (Ctrl-C again to quit now) …', EXIT.interrupted);

process.exitCode = await runReplayCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, { cwd: process.cwd(), signal });
