// Durations as the tools read and print them: whole seconds on the command line and in variables,
// milliseconds inside, seconds with a unit for people ("1.25 s").
import { ConfigError, optional, type Env } from '@event-lake/env-config';
import { UsageError } from './cli.js';

/**
 * `ms` in seconds with its unit: `formatSeconds(1234, 2)` is "1.23 s", `formatSeconds(1500, 0)` "2 s";
 * without `digits` as many decimals as the value has (`formatSeconds(200)` is "0.2 s"), for set limits.
 */
export function formatSeconds(ms: number, digits?: number): string {
  const seconds = ms / 1000;
  return `${digits === undefined ? String(seconds) : seconds.toFixed(digits)} s`;
}

/** A flag's whole number of seconds from `min` to `max` (`--wait 60`), or `fallback` when it is absent. */
export function secondsFlag(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const seconds = wholeSeconds(raw, min, max);
  if (seconds === undefined) throw new UsageError(`${flag} ${mustBe(min, max, raw)}`);
  return seconds;
}

/** A variable's whole number of seconds from `min` to `max`, or `fallback` when it is unset or blank. */
export function secondsVariable(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const seconds = wholeSeconds(raw, min, max);
  if (seconds === undefined) throw new ConfigError(name, mustBe(min, max, raw));
  return seconds;
}

function wholeSeconds(raw: string, min: number, max: number): number | undefined {
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= min && n <= max ? n : undefined;
}

const mustBe = (min: number, max: number, raw: string) => `must be a whole number of seconds from ${min} to ${max}, got "${raw}"`;
