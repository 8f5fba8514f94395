// The package's closed set of errors. Each carries the process exit code the CLI ends with, so scripts
// can tell "the lake is incomplete" (1, not an error: see audit) from "the tool could not do its job".
import { CliError, USAGE_EXIT, UsageError } from '@event-lake/env-config';

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  missingEvents: 1,
  usage: USAGE_EXIT,
  failure: 3,
} as const;

export { CliError as CompletenessError, UsageError };

/** A missing or malformed environment variable; the message names it (never its value if secret). */
export class ConfigError extends UsageError {}

/** Stripe's API, the query layer or the delivery stream failed after retries. */
export class SourceError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.failure, { cause });
  }
}
