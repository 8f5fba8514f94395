// `pnpm send-event`: signs realistic sample events like Stripe and posts them to the local ingress, printing
// one line per event. For people without the Stripe CLI; `stripe trigger` does the same with real payloads.
import { parseArgs } from 'node:util';
import { SAMPLE_EVENT_TYPES, sampleEvents, UnknownEventTypeError } from '@event-lake/stripe-samples';
import { postEvent, formatResult } from './post-event.js';
import { port } from '@event-lake/env-config';
import { WEBHOOK_PATH } from '@event-lake/lake-format';
import { DEFAULT_INGRESS_PORT, DEVELOPMENT_WEBHOOK_SECRET } from './stack-config.js';

const HELP = `usage: pnpm send-event [--count N] [--type TYPE[,TYPE...]] [--url URL] [--secret whsec_...] [--list]

Signs sample Stripe events (HMAC-SHA256 over "t.body", as Stripe does) and posts them to the ingress.
  --count N    how many events to send (default: one of each sample type)
  --type T     only these event types, comma-separated (see --list); cycled when --count is larger
  --url URL    webhook URL (default http://localhost:$PORT${WEBHOOK_PATH}, PORT defaults to ${DEFAULT_INGRESS_PORT})
  --secret S   signing secret (default: the first of STRIPE_WEBHOOK_SECRET, else the development secret pnpm start uses)
  --list       print the sample event types and exit
Exits 1 if any event was not stored.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' }, type: { type: 'string' }, url: { type: 'string' }, secret: { type: 'string' },
      list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || values.list) {
    console.log(values.help ? HELP : SAMPLE_EVENT_TYPES.join('\n'));
    return 0;
  }
  const types = values.type ? values.type.split(',').map((t) => t.trim()).filter(Boolean) : SAMPLE_EVENT_TYPES;
  for (const t of types) if (!SAMPLE_EVENT_TYPES.includes(t)) throw new UnknownEventTypeError(`--type: unknown event type "${t}" (see --list)`);
  const count = values.count === undefined ? types.length : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new RangeError(`--count must be a whole number from 1 to 100000, got "${values.count}"`);
  const url = values.url ?? `http://localhost:${port(process.env, 'PORT', DEFAULT_INGRESS_PORT)}${WEBHOOK_PATH}`;
  const secret = values.secret ?? (process.env['STRIPE_WEBHOOK_SECRET']?.split(',')[0]?.trim() || DEVELOPMENT_WEBHOOK_SECRET);

  console.log(`sending ${count} signed event${count === 1 ? '' : 's'} to ${url}`);
  let failed = 0;
  for (const event of sampleEvents(count, types)) {
    const result = await postEvent(url, event, secret);
    if (!result.ok) failed++;
    console.log(formatResult(result));
  }
  console.log(`${count - failed} stored, ${failed} failed`);
  if (failed > 0 && failed === count) console.log('is the stack running (pnpm start), and is the secret the one it printed?');
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`send-event: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
