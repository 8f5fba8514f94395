import { describe, expect, it } from '@jest/globals';
import { ContextArgsError, contextFromArgs } from '../lib/context-args.js';

describe('contextFromArgs', () => {
  it('reads -c, --context and --context= pairs, later values winning', () => {
    expect(contextFromArgs(['-c', 'ingressHosting=function-url', '--context', 'alarmEmail=ops@example.com', '--context=ingressHosting=web-function'])).toEqual({
      ingressHosting: 'web-function',
      alarmEmail: 'ops@example.com',
    });
    expect(contextFromArgs([])).toEqual({});
  });

  it('refuses what it does not understand instead of ignoring a setting', () => {
    expect(() => contextFromArgs(['ingressHosting=function-url'])).toThrow(new ContextArgsError('unknown argument "ingressHosting=function-url"; pass settings as -c key=value'));
    expect(() => contextFromArgs(['-c'])).toThrow(/-c needs key=value, got nothing/);
    expect(() => contextFromArgs(['-c', 'ingressHosting'])).toThrow(/-c needs key=value, got "ingressHosting"/);
  });
});
