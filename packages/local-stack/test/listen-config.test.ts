import { describe, it, expect } from '@jest/globals';
import { ConfigError } from '@event-lake/env-config';
import { UsageError } from '@event-lake/cli-kit';
import { loadListenConfig } from '../src/listen-config.js';
import { listenerArgs, printSecretArgs } from '../src/listen-commands.js';

const KEY = 'sk_test_51AbCdEfGhIjKlMnOpQrStUv';

describe('loadListenConfig', () => {
  it('is undefined without --listen', () => {
    expect(loadListenConfig([], {})).toBeUndefined();
  });

  it('by default: the workspace CLI, a snapshot listener (--all-snapshot) and a thin one (--all-thin)', () => {
    const config = loadListenConfig(['--listen'], {})!;
    expect(config.cli).toMatch(/@stripe\/cli-[a-z0-9]+-[a-z0-9]+\/bin\/stripe(\.exe)?$/);
    expect(config.listeners).toEqual([
      { kind: 'snapshot', selection: ['--all-snapshot'] },
      { kind: 'thin', selection: ['--all-thin'] },
    ]);
    expect(listenerArgs(config.listeners[1]!, 3001, [])).toEqual(['listen', '--forward-to', 'localhost:3001/webhook/stripe', '--all-thin', '--skip-update']);
  });

  it('--listen-thin=off leaves only the snapshot listener', () => {
    expect(loadListenConfig(['--listen', '--listen-thin=off'], {})!.listeners).toEqual([{ kind: 'snapshot', selection: ['--all-snapshot'] }]);
  });

  it('STRIPE_LISTEN_EVENTS: snapshot types to the snapshot listener, thin v1.… types to the thin one', () => {
    const env = { STRIPE_LISTEN_EVENTS: 'charge.succeeded, invoice.paid,v1.billing.meter.error_report_triggered' };
    expect(loadListenConfig(['--listen'], env)!.listeners).toEqual([
      { kind: 'snapshot', selection: ['--events', 'charge.succeeded,invoice.paid'] },
      { kind: 'thin', selection: ['--events', 'v1.billing.meter.error_report_triggered'] },
    ]);
    expect(loadListenConfig(['--listen'], { STRIPE_LISTEN_EVENTS: 'charge.succeeded' })!.listeners.map((l) => l.selection)).toEqual([
      ['--events', 'charge.succeeded'],
      ['--all-thin'],
    ]);
  });

  it('STRIPE_LISTEN_FLAGS go, split on white space, to every listener and to --print-secret', () => {
    const config = loadListenConfig(['--listen'], { STRIPE_LISTEN_FLAGS: ` --api-key ${KEY}   --live ` })!;
    expect(config.flags).toEqual(['--api-key', KEY, '--live']);
    expect(printSecretArgs(config.flags)).toEqual(['listen', '--print-secret', '--api-key', KEY, '--live']);
    expect(listenerArgs(config.listeners[0]!, 4000, config.flags).slice(-3)).toEqual(['--api-key', KEY, '--live']);
  });

  it.each([
    [['--listen-thin=off'], {}, '--listen-thin needs --listen'],
    [['--listen', '--listen-thin=maybe'], {}, '--listen-thin must be on or off, got "maybe"'],
    [['--lisen'], {}, "Unknown option '--lisen'"],
    [['--listen'], { STRIPE_LISTEN_FLAGS: `--api-key ${KEY} --forward-to localhost:9/x` }, 'STRIPE_LISTEN_FLAGS must not hold --forward-to'],
    [['--listen'], { STRIPE_LISTEN_FLAGS: `--api-key ${KEY} --all-thin` }, 'STRIPE_LISTEN_FLAGS must not hold --all-thin'],
    [['--listen'], { STRIPE_LISTEN_FLAGS: '-e charge.succeeded' }, 'STRIPE_LISTEN_FLAGS must not hold -e'],
    [['--listen'], { STRIPE_LISTEN_EVENTS: '*' }, 'STRIPE_LISTEN_EVENTS must be comma-separated event types, got "*"'],
    [['--listen', '--listen-thin=off'], { STRIPE_LISTEN_EVENTS: 'v1.billing.meter.error_report_triggered' }, 'but --listen-thin=off'],
  ])('%j %j: a usage error (exit 2) naming the flag or variable', (args, env, message) => {
    const thrown = (() => {
      try {
        loadListenConfig(args, env);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(2);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain(KEY.slice(8));
  });

  it('STRIPE_CLI must name an executable', () => {
    expect(() => loadListenConfig(['--listen'], { STRIPE_CLI: '/nonexistent/stripe' })).toThrow(new ConfigError('STRIPE_CLI', '/nonexistent/stripe is not an executable file'));
    expect(loadListenConfig(['--listen'], { STRIPE_CLI: process.execPath })!.cli).toBe(process.execPath);
  });
});
