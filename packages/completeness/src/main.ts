// Entry point of `pnpm audit-lake` and `pnpm backfill`: the only place that reads process.env.
import { runCli } from './cli.js';
import { createRealDeps } from './composition.js';

const code = await runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}, createRealDeps({ cwd: process.cwd() }));
process.exitCode = code;
