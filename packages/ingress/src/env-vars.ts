// What config.ts and firehose-target.ts share: the environment-like object they read, "is it set", and
// the one error a bad variable raises. Its message names the variable and never echoes a secret value.

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  /** `problem` is the message without the variable's name, for callers that phrase their own messages. */
  constructor(readonly variable: string, readonly problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
