// firehose-local's configuration from the environment (PRODUCT.md names). Every malformed variable fails at
// start with a message naming it. Relative LAKE_DIR paths resolve against the directory the user ran pnpm
// from (INIT_CWD), not the package folder pnpm --filter runs scripts in.
import { isAbsolute, resolve } from 'node:path';
import { BUFFER_INTERVAL_SECONDS, BUFFER_SIZE_MIB, DEFAULT_DELIVERY_STREAM_NAME } from '@event-lake/lake-format';
import type { FirehoseFaults } from './faults.js';

export interface FirehoseLocalConfig {
  port: number;
  host: string;
  lakeDir: string;
  streamName: string;
  bufferSizeMiB: number;
  bufferIntervalSeconds: number;
  faults: FirehoseFaults;
  logLevel: string;
}

export class ConfigError extends Error {}

export const DEFAULT_PORT = 4573;

/** Variables, defaults and meanings: the CLI's --help and the README table are generated from this. */
export const ENV_VARIABLES = [
  ['FIREHOSE_LOCAL_PORT', String(DEFAULT_PORT), 'port to listen on (0 picks a free one)'],
  ['FIREHOSE_LOCAL_HOST', '127.0.0.1', 'interface to listen on'],
  ['LAKE_DIR', './lake', 'bucket root; objects go to <LAKE_DIR>/events/dt=YYYY-MM-DD/hour=HH/'],
  ['FIREHOSE_DELIVERY_STREAM_NAME', DEFAULT_DELIVERY_STREAM_NAME, 'the delivery stream served'],
  ['FIREHOSE_BUFFER_SIZE_MIB', String(BUFFER_SIZE_MIB.default), `buffer size hint, ${BUFFER_SIZE_MIB.min}-${BUFFER_SIZE_MIB.max} MiB`],
  ['FIREHOSE_BUFFER_INTERVAL_SECONDS', String(BUFFER_INTERVAL_SECONDS.default), `buffer interval hint, ${BUFFER_INTERVAL_SECONDS.min}-${BUFFER_INTERVAL_SECONDS.max} s`],
  ['FIREHOSE_LOCAL_FAIL_CALL_RATE', '0', 'fault: share (0-1) of put calls answered ServiceUnavailableException'],
  ['FIREHOSE_LOCAL_FAIL_RECORD_RATE', '0', 'fault: share (0-1) of records failed inside PutRecordBatch'],
  ['FIREHOSE_LOCAL_LATENCY_MS', '0', 'fault: delay added to every call'],
  ['FIREHOSE_LOCAL_HANG', 'false', 'fault: accept calls and never answer (true/false)'],
  ['LOG_LEVEL', 'info', 'pino log level'],
] as const;

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd: string): Readonly<FirehoseLocalConfig> {
  const lakeDir = text(env, 'LAKE_DIR', './lake');
  const baseDir = env['INIT_CWD'] || cwd;
  const faults: FirehoseFaults = {
    failCallRate: number(env, 'FIREHOSE_LOCAL_FAIL_CALL_RATE', 0, 0, 1),
    failRecordRate: number(env, 'FIREHOSE_LOCAL_FAIL_RECORD_RATE', 0, 0, 1),
    latencyMs: integer(env, 'FIREHOSE_LOCAL_LATENCY_MS', 0, 0, 600_000),
    hang: boolean(env, 'FIREHOSE_LOCAL_HANG', false),
  };
  const streamName = text(env, 'FIREHOSE_DELIVERY_STREAM_NAME', DEFAULT_DELIVERY_STREAM_NAME);
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(streamName)) {
    throw new ConfigError(`FIREHOSE_DELIVERY_STREAM_NAME must be 1-64 characters of a-z A-Z 0-9 _ . -, got "${streamName}"`);
  }
  return Object.freeze({
    port: integer(env, 'FIREHOSE_LOCAL_PORT', DEFAULT_PORT, 0, 65535),
    host: text(env, 'FIREHOSE_LOCAL_HOST', '127.0.0.1'),
    lakeDir: isAbsolute(lakeDir) ? lakeDir : resolve(baseDir, lakeDir),
    streamName,
    bufferSizeMiB: integer(env, 'FIREHOSE_BUFFER_SIZE_MIB', BUFFER_SIZE_MIB.default, BUFFER_SIZE_MIB.min, BUFFER_SIZE_MIB.max),
    bufferIntervalSeconds: integer(
      env, 'FIREHOSE_BUFFER_INTERVAL_SECONDS', BUFFER_INTERVAL_SECONDS.default, BUFFER_INTERVAL_SECONDS.min, BUFFER_INTERVAL_SECONDS.max,
    ),
    faults,
    logLevel: logLevel(env),
  });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env): string {
  const level = text(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level;
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
