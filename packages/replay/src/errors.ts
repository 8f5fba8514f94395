// The package's exit codes and its one error of its own (the contract: 0 all delivered, 1 some failed,
// 2 usage or configuration, the shared UsageError and ConfigError, 3 the lake or Athena failed).
import { CliError, USAGE_EXIT } from '@event-lake/cli-kit';

export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: USAGE_EXIT,
  lake: 3,
  /** Stopped by Ctrl-C before everything was attempted (the shell's convention for SIGINT). */
  interrupted: 130,
} as const;

/** The lake could not be read, or the Athena query failed. */
export class LakeError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.lake, { cause });
  }
}
