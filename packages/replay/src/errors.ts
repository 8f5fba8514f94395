// The package's closed set of errors. Each carries the exit code `pnpm replay` ends with (the contract:
// 0 all delivered, 1 some failed, 2 usage or configuration, 3 the lake or Athena failed).
import { CliError, USAGE_EXIT, UsageError } from '@event-lake/env-config';

export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: USAGE_EXIT,
  lake: 3,
  /** Stopped by Ctrl-C before everything was attempted (the shell's convention for SIGINT). */
  interrupted: 130,
} as const;

export { CliError as ReplayError, UsageError };

/** The lake could not be read, or the Athena query failed. */
export class LakeError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.lake, { cause });
  }
}
