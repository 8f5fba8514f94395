// Composition root of `pnpm curate`: the only code that touches the process.
import { runCurateCli } from './curate-cli.js';

process.exitCode = await runCurateCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, { cwd: process.cwd() });
