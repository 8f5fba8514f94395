// `pnpm firehose-local`: the composition root. Reads the environment once, starts the server, and on
// SIGTERM/SIGINT stops accepting calls and flushes every buffer to the lake before exiting.
import { pino } from 'pino';
import { createFirehoseLocal } from './firehose-local.js';
import { ConfigError } from '@event-lake/env-config';
import { ENV_VARIABLES, loadConfig } from './config.js';

function usage(): string {
  const width = Math.max(...ENV_VARIABLES.map(([name]) => name.length));
  const rows = ENV_VARIABLES.map(([name, def, what]) => `  ${name.padEnd(width)}  ${what} (default ${def})`);
  return [
    'firehose-local: a local, durable Amazon Data Firehose (direct PUT -> S3, GZIP) writing into a directory.',
    '',
    'usage: pnpm firehose-local [--help]',
    '',
    'Configured by environment variables:',
    ...rows,
    '',
    'Point the AWS SDK at it with AWS_ENDPOINT_URL_FIREHOSE=http://127.0.0.1:4573 (any credentials work).',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return;
  }
  if (args.length > 0) {
    console.error(`firehose-local: unknown argument "${args[0]}"; configure with environment variables (see --help)`);
    process.exit(2);
  }
  const config = loadConfig(process.env, process.cwd());
  const logger = pino({ name: 'firehose-local', level: config.logLevel });
  const firehose = await createFirehoseLocal({ ...config, logger });
  const { url } = await firehose.listen(config.port, config.host);
  logger.info(
    { url, lakeDir: config.lakeDir, stream: config.streamName, bufferSizeMiB: config.bufferSizeMiB, bufferIntervalSeconds: config.bufferIntervalSeconds },
    `firehose-local listening on ${url}, delivering to ${config.lakeDir}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: flushing every buffer to the lake');
    firehose.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'flush on stop failed; undelivered records stay in the write-ahead log for the next start');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`firehose-local: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
