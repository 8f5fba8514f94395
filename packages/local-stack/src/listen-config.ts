// `pnpm start --listen [--listen-thin=on|off]` and the variables that shape its `stripe listen` processes:
// STRIPE_CLI (the binary), STRIPE_LISTEN_FLAGS (extra CLI flags for every listener and for --print-secret)
// and STRIPE_LISTEN_EVENTS (event types instead of everything). Today's CLI (1.52) refuses snapshot and thin
// events on one destination from one listener, so there are two listeners: snapshot and thin.
import { optional, type Env } from '@event-lake/env-config';
import { parseFlags, UsageError } from '@event-lake/cli-kit';
import { stripeCliBinary } from './stripe-cli-binary.js';

export type ListenerKind = 'snapshot' | 'thin';

export interface Listener {
  kind: ListenerKind;
  /** The CLI's flags that choose the events: `--all-snapshot`, `--all-thin` or `--events a,b`. */
  selection: readonly string[];
}

export interface ListenConfig {
  cli: string;
  /** STRIPE_LISTEN_FLAGS, split on white space; may hold `--api-key`, so never printed. */
  flags: readonly string[];
  listeners: readonly Listener[];
}

/** Flags `pnpm start --listen` sets itself; the same flag in STRIPE_LISTEN_FLAGS would fight them. */
const OWN_FLAGS = ['--forward-to', '--forward-connect-to', '--events', '--all-snapshot', '--all-thin', '--print-secret'];
const OWN_SHORT_FLAGS = ['-f', '-c', '-e'];
/** Thin (v2) event types start with their namespace version, as the CLI tells them apart. */
const THIN_EVENT = /^v\d+\./;
const EVENT_TYPE = /^[A-Za-z0-9_.]+$/; // no '*': unset the variable for every event

/** undefined without `--listen`; throws UsageError (exit 2) naming the flag or variable. */
export function loadListenConfig(args: readonly string[], env: Env): Readonly<ListenConfig> | undefined {
  const values = parseFlags(args, { listen: { type: 'boolean' }, 'listen-thin': { type: 'string' } });
  const thinSetting = values['listen-thin'];
  if (thinSetting !== undefined && thinSetting !== 'on' && thinSetting !== 'off') throw new UsageError(`--listen-thin must be on or off, got "${thinSetting}"`);
  if (!values.listen) {
    if (thinSetting !== undefined) throw new UsageError('--listen-thin needs --listen');
    return undefined;
  }
  const flags = listenFlags(env);
  const listeners = chooseListeners(optional(env, 'STRIPE_LISTEN_EVENTS'), thinSetting !== 'off');
  return Object.freeze({ cli: stripeCliBinary(optional(env, 'STRIPE_CLI')), flags, listeners });
}

function listenFlags(env: Env): string[] {
  const flags = (optional(env, 'STRIPE_LISTEN_FLAGS') ?? '').split(/\s+/).filter((f) => f);
  for (const flag of flags) {
    const own = OWN_FLAGS.find((f) => flag === f || flag.startsWith(`${f}=`)) ?? OWN_SHORT_FLAGS.find((f) => flag.startsWith(f) && !flag.startsWith('--'));
    if (own) throw new UsageError(`STRIPE_LISTEN_FLAGS must not hold ${own}: pnpm start --listen sets it (use STRIPE_LISTEN_EVENTS and --listen-thin to choose events)`);
  }
  return flags;
}

function chooseListeners(events: string | undefined, thin: boolean): Listener[] {
  if (events === undefined) return [{ kind: 'snapshot', selection: ['--all-snapshot'] }, ...(thin ? [{ kind: 'thin' as const, selection: ['--all-thin'] }] : [])];
  const types = events.split(',').map((t) => t.trim()).filter((t) => t);
  const bad = types.find((t) => !EVENT_TYPE.test(t));
  if (bad !== undefined) throw new UsageError(`STRIPE_LISTEN_EVENTS must be comma-separated event types, got "${bad}"`);
  const thinTypes = types.filter((t) => THIN_EVENT.test(t));
  const snapshotTypes = types.filter((t) => !THIN_EVENT.test(t));
  if (thinTypes.length > 0 && !thin) throw new UsageError(`STRIPE_LISTEN_EVENTS lists thin events (${thinTypes.join(',')}) but --listen-thin=off`);
  const listeners: Listener[] = [];
  if (snapshotTypes.length > 0) listeners.push({ kind: 'snapshot', selection: ['--events', snapshotTypes.join(',')] });
  if (thin) listeners.push({ kind: 'thin', selection: thinTypes.length > 0 ? ['--events', thinTypes.join(',')] : ['--all-thin'] });
  if (listeners.length === 0) throw new UsageError('STRIPE_LISTEN_EVENTS lists no event type');
  return listeners;
}
