// The package's closed set of errors. Each carries the process exit code the CLI ends with, so scripts
// can tell "the lake is incomplete" (1, not an error: see audit) from "the tool could not do its job".

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  missingEvents: 1,
  usage: 2,
  failure: 3,
} as const;

export class CompletenessError extends Error {
  constructor(message: string, readonly exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line flags or a window the Events API cannot serve. */
export class UsageError extends CompletenessError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A missing or malformed environment variable; the message names it (never its value if secret). */
export class ConfigError extends CompletenessError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** Stripe's API, the query layer or the delivery stream failed after retries. */
export class SourceError extends CompletenessError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.failure, { cause });
  }
}
