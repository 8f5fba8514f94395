// The package's closed set of errors. Each carries the exit code `pnpm replay` ends with (the contract:
// 0 all delivered, 1 some failed, 2 usage or configuration, 3 the lake or Athena failed).

export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  lake: 3,
  /** Stopped by Ctrl-C before everything was attempted (the shell's convention for SIGINT). */
  interrupted: 130,
} as const;

export class ReplayError extends Error {
  constructor(message: string, readonly exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad flag or environment variable; the message names it (never a secret's value). */
export class UsageError extends ReplayError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The lake could not be read, or the Athena query failed. */
export class LakeError extends ReplayError {
  constructor(message: string, cause?: unknown) {
    super(message, EXIT.lake, { cause });
  }
}
