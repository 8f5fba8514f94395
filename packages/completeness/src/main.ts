// Entry point of `pnpm audit-lake` and `pnpm backfill`: the only place that reads process.env.
import { runCli } from './cli.js';
import { createRealDeps } from './composition.js';

const code = await runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, createRealDeps({
  cwd: process.cwd(),
  // The first audit of a large lake converts every object once (the query layer's cache): say so.
  onCacheProgress: ({ done, total }) => {
    if (done === 0) process.stderr.write(`caching ${total} new lake object(s) for queries …\n`);
    else if (done === total) process.stderr.write(`cached ${total} lake object(s)\n`);
  },
}));
process.exitCode = code;
