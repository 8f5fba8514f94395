// Composition root of `pnpm query`: the only code that touches the process (argv, environment, streams,
// Ctrl-C, exit code).
import { runQueryCli } from './run-cli.js';

process.exitCode = await runQueryCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, {
  cwd: process.cwd(),
  onInterrupt: (onInterrupt) => {
    process.once('SIGINT', onInterrupt);
    return () => process.off('SIGINT', onInterrupt);
  },
});
