// The real parts behind the CLI: stripe-node, the query layer (DuckDB over LAKE_DIR, or Athena) and the
// Firehose writer the ingress uses too. main.ts passes these to runCli; the acceptance test does too.
import { stat } from 'node:fs/promises';
import { createFirehoseClient, createFirehoseWriter, sdkFirehosePort } from '@event-lake/firehose-writer';
import { openLocalBackend, runQuery, type AthenaApi, type CacheProgress } from '@event-lake/query';
import type { CliDeps, OpenedWriter } from './cli.js';
import type { OpenedLake, RunSql } from './lake-index.js';
import type { AthenaSettings, CompletenessConfig, FirehoseTarget } from './config.js';
import { UsageError } from '@event-lake/cli-kit';
import { createStripeClient } from './stripe-client.js';

/** A backfill is not answering a webhook: it can afford to wait for Firehose far longer than the ingress. */
const WRITE_DEADLINE_MS = 120_000;
const FIREHOSE_REQUEST_TIMEOUT_MS = 10_000;

export interface RealDepsOptions {
  readonly cwd: string;
  readonly now?: () => Date;
  /** Defaults to a real AthenaClient (the query layer's); tests pass a fake. */
  readonly athenaApi?: AthenaApi;
  /** Told while the query layer converts new lake objects into its Parquet cache (the first audit of a big lake). */
  readonly onCacheProgress?: (progress: CacheProgress) => void;
}

export function createRealDeps(options: RealDepsOptions): CliDeps {
  return {
    now: options.now ?? (() => new Date()),
    cwd: options.cwd,
    createStripe: (config) => createStripeClient({ apiKey: config.stripeApiKey, apiBase: config.stripeApiBase }),
    openLake: (config, backend) => openLake(config, backend, options.athenaApi, options.onCacheProgress),
    openWriter,
  };
}

async function openLake(
  config: CompletenessConfig,
  backend: 'local' | 'athena',
  athenaApi: AthenaApi | undefined,
  onCacheProgress: RealDepsOptions['onCacheProgress'],
): Promise<OpenedLake> {
  if (backend === 'local') {
    // A mistyped LAKE_DIR must not look like an empty lake: every event would be "missing" and a
    // backfill would rewrite all of them.
    const isDir = await stat(config.lakeDir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new UsageError(`LAKE_DIR: ${config.lakeDir} is not a directory (relative paths are resolved against the directory pnpm was run from)`);
    // Opened per run; the local backend reads the lake as it is at each query.
    const local = await openLocalBackend({ lakeDir: config.lakeDir, ...(onCacheProgress ? { onCacheProgress } : {}) });
    return { runSql: (sql) => local.run(sql), close: async () => local.close() };
  }
  if (config.athena instanceof Error) throw config.athena;
  return { runSql: athenaRunSql(config.athena, athenaApi), close: async () => {} };
}

/** The lake on Athena through the query layer (one query per call; nothing to close). */
export function athenaRunSql(a: AthenaSettings, athenaApi: AthenaApi | undefined): RunSql {
  return (sql) => runQuery({
    backend: 'athena',
    sql,
    ...(a.region ? { region: a.region } : {}),
    ...(a.workgroup ? { workgroup: a.workgroup } : {}),
    ...(a.database ? { database: a.database } : {}),
    ...(a.outputLocation ? { outputLocation: a.outputLocation } : {}),
    ...(athenaApi ? { api: athenaApi } : {}),
  });
}

/** The Firehose writer (@event-lake/firehose-writer, the ingress uses it too) on `target`, patient as a backfill can afford to be. */
export async function openWriter(target: FirehoseTarget): Promise<OpenedWriter> {
  const client = createFirehoseClient({
    region: target.region,
    endpoint: target.endpoint,
    requestTimeoutMs: FIREHOSE_REQUEST_TIMEOUT_MS,
    credentials: target.credentials,
  });
  const writer = createFirehoseWriter(sdkFirehosePort(client, target.deliveryStreamName), { deadlineMs: WRITE_DEADLINE_MS });
  return {
    writer,
    close: async () => {
      await writer.close();
      client.destroy();
    },
  };
}
