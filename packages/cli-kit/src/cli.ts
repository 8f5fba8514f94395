// What the command-line tools share: the streams a tool writes to, an error that carries the exit code the
// tool ends with (a ConfigError from the environment readers ends it with 2 too), and strict flag parsing
// whose failures are that error with the usage exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '@event-lake/env-config';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What a tool's run(argv, env, io, deps) writes to: results on stdout, status and errors on stderr. */
export interface ToolIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** A terminal: the progress line is rewritten in place rather than printed line by line. */
  readonly stderrIsTTY: boolean;
}

/** A bad flag or configuration ends every tool here with 2, as getopt-style tools do. */
export const USAGE_EXIT = 2;

/** An error a command-line tool ends with: its message is printed, `exitCode` is the process's. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad flag or environment variable; the message names it (never a secret's value). */
export class UsageError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, USAGE_EXIT, options);
  }
}

/**
 * The CliError a tool ends with for `err`: a CliError as it is; a ConfigError (a variable an environment
 * reader refused, in whichever package) as a UsageError with the same message, so every tool ends a
 * configuration failure with 2; undefined for anything the tool did not expect.
 */
export function toolError(err: unknown): CliError | undefined {
  if (err instanceof CliError) return err;
  if (err instanceof ConfigError) return new UsageError(err.message, { cause: err });
  return undefined;
}

/** The flags in `args`, strictly: an unknown flag, a missing value or a positional is a UsageError. */
export function parseFlags<O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw flagError(err);
  }
}

/** The flags and the positional arguments in `args` (e.g. a query's name), flags parsed as strictly. */
export function parseFlagsAndPositionals<O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw flagError(err);
  }
}

/**
 * A parse failure as one line naming the flag. Where positionals are allowed, Node adds to an unknown
 * option a hint about `--` meant for values that start with a dash; the tools take none, so it is cut.
 */
function flagError(err: unknown): UsageError {
  const message = (err as Error).message;
  return new UsageError(/^Unknown option '[^']*'/.exec(message)?.[0] ?? message);
}
