// Reading configuration from an environment-like object: the one set of helpers every package's
// loadConfig uses. Each failure is a ConfigError whose message starts with the variable's name and
// never echoes a value that may be secret (callers decide, per variable, whether "got …" is safe).

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  /** `problem` is the message without the variable's name, for callers that phrase their own messages. */
  constructor(readonly variable: string, readonly problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The trimmed value, or undefined when unset or blank. */
export function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return nonEmpty(value) ? value.trim() : undefined;
}

/** The trimmed value, or `fallback` when unset or blank. */
export function text(env: Env, name: string, fallback: string): string {
  return optional(env, name) ?? fallback;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function port(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new ConfigError(name, `must be a port number 0-65535, got "${raw}"`);
  return Number(raw);
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** One of `choices` (compared in lower case), or `fallback` when unset. */
export function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  const choice = choices.find((c) => c === raw);
  if (choice === undefined) throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
  return choice;
}

/** An http(s) URL, or undefined when unset. */
export function httpUrl(env: Env, name: string): string | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new ConfigError(name, 'must be an http(s) URL');
  return value;
}

/** Log levels pino knows, the same LOG_LEVEL variable in every process. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function logLevel(env: Env): LogLevel {
  return oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
}
