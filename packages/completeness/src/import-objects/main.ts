// Entry point of `pnpm import-objects`: the only code that touches the process (environment, streams,
// signals, exit code).
import { stopOnCtrlC } from '@event-lake/cli-kit';
import { createRealDeps } from '../composition.js';
import { EXIT_INTERRUPTED, runImportObjects } from './run.js';

// First Ctrl-C: list no further page, wait for the writes in flight, print the summary. A second one
// exits at once: everything acknowledged is in the stream, and a rerun with the run id writes the rest.
const signal = stopOnCtrlC('import-objects: stopping after the writes in flight (Ctrl-C again to quit now) …', EXIT_INTERRUPTED);

process.exitCode = await runImportObjects(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, {
  ...createRealDeps({
    cwd: process.cwd(),
    // The key's mode is checked on the lake first; a large local lake is converted once (the query cache).
    onCacheProgress: ({ done, total }) => {
      if (done === 0) process.stderr.write(`caching ${total} new lake object(s) for queries …\n`);
      else if (done === total) process.stderr.write(`cached ${total} lake object(s)\n`);
    },
  }),
  signal,
});
