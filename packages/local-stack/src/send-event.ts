// Composition root of `pnpm send-event`: the only code that touches the process (see send-event-cli.ts).
// It exits explicitly: the HTTP and Firehose clients may keep idle sockets open after the last event.
import { runSendEvent } from './send-event-cli.js';

process.exit(await runSendEvent(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }, { cwd: process.cwd() }));
