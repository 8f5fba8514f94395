// firehose-local's configuration from the environment (PRODUCT.md names). Every malformed variable fails at
// start with a message naming it. Relative LAKE_DIR paths resolve against the directory the user ran pnpm
// from (INIT_CWD), not the package folder pnpm --filter runs scripts in.
import { isAbsolute, resolve } from 'node:path';
import { boolean, ConfigError, integer, logLevel, number, text, type Env } from '@event-lake/env-config';
import { userCwd } from '@event-lake/cli-kit';
import { BUFFER_INTERVAL_SECONDS, BUFFER_SIZE_MIB, DEFAULT_DELIVERY_STREAM_NAME, deliveryStreamNameProblem } from '@event-lake/lake-format';
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

export const DEFAULT_PORT = 4573;

/**
 * Variables, defaults and meanings: the CLI's --help is generated from this. The README table is written by
 * hand, in words for a reader; test/docs.test.ts holds its variables and defaults to this list.
 */
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

export function loadConfig(env: Env, cwd: string): Readonly<FirehoseLocalConfig> {
  const lakeDir = text(env, 'LAKE_DIR', './lake');
  const baseDir = userCwd(env, cwd);
  const faults: FirehoseFaults = {
    failCallRate: number(env, 'FIREHOSE_LOCAL_FAIL_CALL_RATE', 0, 0, 1),
    failRecordRate: number(env, 'FIREHOSE_LOCAL_FAIL_RECORD_RATE', 0, 0, 1),
    latencyMs: integer(env, 'FIREHOSE_LOCAL_LATENCY_MS', 0, 0, 600_000),
    hang: boolean(env, 'FIREHOSE_LOCAL_HANG', false),
  };
  const streamName = text(env, 'FIREHOSE_DELIVERY_STREAM_NAME', DEFAULT_DELIVERY_STREAM_NAME);
  const problem = deliveryStreamNameProblem(streamName);
  if (problem) throw new ConfigError('FIREHOSE_DELIVERY_STREAM_NAME', `${problem}, got "${streamName}"`);
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
