// The package's exit codes and its one error of its own. Usage and configuration failures are the shared
// UsageError (@event-lake/cli-kit) and ConfigError (@event-lake/env-config), so scripts can tell "the lake is incomplete" (1,
// not an error: see audit) from "the tool could not do its job".
import { CliError, USAGE_EXIT } from '@event-lake/cli-kit';

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  missingEvents: 1,
  usage: USAGE_EXIT,
  failure: 3,
} as const;

/** Stripe's API, the query layer or the delivery stream failed after retries. */
export class SourceError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.failure, { cause });
  }
}
