// `pnpm send-event` from argv to exit code (send-event.ts owns the process): signs realistic sample events like Stripe and posts them to the local ingress, printing
// one line per event. For people without the Stripe CLI; `stripe trigger` does the same with real payloads.
// `--via eventbridge` instead wraps them as Stripe's EventBridge destination does and runs the EventBridge
// consumer's code against the local stack's firehose-local.
import path from 'node:path';
import { loadConsumerConfig } from '@event-lake/eventbridge-consumer';
import { DEFAULT_PORT as DEFAULT_FIREHOSE_LOCAL_PORT } from '@event-lake/firehose-local';
import { SAMPLE_EVENT_TYPES, sampleEvents, UnknownEventTypeError, type SampleEvent } from '@event-lake/stripe-samples';
import { readEventFile } from './event-file.js';
import { postEvent, formatResult } from './post-event.js';
import { port, type Env } from '@event-lake/env-config';
import { parseFlags, UsageError, userCwd } from '@event-lake/cli-kit';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { formatEventBridgeResult, sendViaEventBridge } from './send-via-eventbridge.js';
import { DEFAULT_INGRESS_PORT, DEVELOPMENT_WEBHOOK_SECRET } from './stack-config.js';

const HELP = `usage: pnpm send-event [--via webhook|eventbridge] [--count N] [--type TYPE[,TYPE...]] [--file F]
                       [--url URL] [--secret whsec_...] [--list]

Sends Stripe events to the running local stack (pnpm start), one result line per event.
  --via webhook      sign each event (HMAC-SHA256 over "t.body", as Stripe does) and post it to the ingress (default)
  --via eventbridge  wrap each event in an EventBridge envelope, as Stripe's EventBridge destination does, and
                     run the EventBridge consumer's code on SQS-shaped batches of them; it writes to firehose-local
                     at AWS_ENDPOINT_URL_FIREHOSE (default http://127.0.0.1:$FIREHOSE_LOCAL_PORT, port ${DEFAULT_FIREHOSE_LOCAL_PORT})
  --count N    how many events to send (default: one of each sample type, or every event of --file)
  --type T     only these sample event types, comma-separated (see --list); cycled when --count is larger
  --file F     send these events instead of samples: one Stripe event JSON per line (relative to where pnpm ran)
  --url URL    webhook URL (default http://localhost:$PORT${WEBHOOK_PATH}, PORT defaults to ${DEFAULT_INGRESS_PORT})
  --secret S   signing secret (default: the first of STRIPE_WEBHOOK_SECRET, else the development secret pnpm start uses)
  --list       print the sample event types and exit
Exits 1 if any event was not stored.`;

export interface SendEventIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface SendEventDeps {
  /** Where the process runs; `--file` is resolved against INIT_CWD (where the user ran pnpm) or this. */
  readonly cwd: string;
}

/** From argv to exit code: 0 all stored, 1 some event was not stored, 2 usage or configuration. */
export async function runSendEvent(argv: readonly string[], env: Env, io: SendEventIo, deps: SendEventDeps): Promise<number> {
  try {
    return await send(argv, env, (line) => io.stdout.write(`${line}\n`), deps);
  } catch (err) {
    io.stderr.write(`send-event: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

async function send(argv: readonly string[], env: Env, say: (line: string) => void, deps: SendEventDeps): Promise<number> {
  const values = parseFlags(argv, {
    count: { type: 'string' }, type: { type: 'string' }, url: { type: 'string' }, secret: { type: 'string' },
    via: { type: 'string' }, file: { type: 'string' },
    list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help || values.list) {
    say(values.help ? HELP : SAMPLE_EVENT_TYPES.join('\n'));
    return 0;
  }
  const via = values.via ?? 'webhook';
  if (via !== 'webhook' && via !== 'eventbridge') throw new UsageError(`--via must be webhook or eventbridge, got "${via}"`);
  const requested = values.count === undefined ? undefined : Number(values.count);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1 || requested > 100_000)) {
    throw new UsageError(`--count must be a whole number from 1 to 100000, got "${values.count}"`);
  }
  const events = await eventsToSend(values.file, values.type, requested, userCwd(env, deps.cwd));
  const count = events.length;
  if (via === 'eventbridge') {
    if (values.url !== undefined || values.secret !== undefined) throw new UsageError('--url and --secret apply to --via webhook only');
    return sendEventBridge(events, env, say);
  }
  const url = values.url ?? `http://localhost:${port(env, 'PORT', DEFAULT_INGRESS_PORT)}${WEBHOOK_PATH}`;
  const secret = values.secret ?? (env['STRIPE_WEBHOOK_SECRET']?.split(',')[0]?.trim() || DEVELOPMENT_WEBHOOK_SECRET);

  say(`sending ${count} signed event${count === 1 ? '' : 's'} to ${url}`);
  let failed = 0;
  for (const event of events) {
    const result = await postEvent(url, event, secret);
    if (!result.ok) failed++;
    say(formatResult(result));
  }
  say(`${count - failed} stored, ${failed} failed`);
  if (failed > 0 && failed === count) say('is the stack running (pnpm start), and is the secret the one it printed?');
  return failed > 0 ? 1 : 0;
}

/** The events of --file (the first --count of them), or --count samples of --type. */
async function eventsToSend(
  file: string | undefined, type: string | undefined, count: number | undefined, userCwd: string,
): Promise<SampleEvent[]> {
  if (file !== undefined) {
    if (type !== undefined) throw new UsageError('--type applies to sample events, not to --file');
    const events = await readEventFile(path.resolve(userCwd, file));
    return count === undefined ? events : events.slice(0, count);
  }
  const types = type ? type.split(',').map((t) => t.trim()).filter(Boolean) : SAMPLE_EVENT_TYPES;
  for (const t of types) if (!SAMPLE_EVENT_TYPES.includes(t)) throw new UnknownEventTypeError(`--type: unknown event type "${t}" (see --list)`);
  return sampleEvents(count ?? types.length, types);
}

async function sendEventBridge(events: readonly SampleEvent[], env: Env, say: (line: string) => void): Promise<number> {
  const firehosePort = port(env, 'FIREHOSE_LOCAL_PORT', DEFAULT_FIREHOSE_LOCAL_PORT);
  const config = loadConsumerConfig({ ...env, AWS_ENDPOINT_URL_FIREHOSE: env['AWS_ENDPOINT_URL_FIREHOSE'] || `http://127.0.0.1:${firehosePort}` });
  say(`sending ${events.length} event${events.length === 1 ? '' : 's'} as EventBridge envelopes through the consumer to ${config.firehose.endpoint} (${config.firehose.deliveryStreamName})`);
  const failed = await sendViaEventBridge(events, config, (result) => say(formatEventBridgeResult(result)), (status) => say(status));
  say(`${events.length - failed} stored, ${failed} failed`);
  if (failed > 0 && failed === events.length) say('is the stack running (pnpm start)?');
  return failed > 0 ? 1 : 0;
}
