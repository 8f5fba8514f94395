// `pnpm --filter infra synth -c key=value` runs bin/event-lake.ts directly, without the CDK CLI that
// usually turns `-c` into context: read the same flags from the command line.

export class ContextArgsError extends Error {}

/** `-c key=value`, `--context key=value` and `--context=key=value`, in order; later values win. */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') pair = args[(i += 1)];
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length);
    else throw new ContextArgsError(`unknown argument "${arg}"; pass settings as -c key=value`);
    const eq = pair?.indexOf('=') ?? -1;
    if (pair === undefined || eq < 1) throw new ContextArgsError(`${arg} needs key=value, got ${pair === undefined ? 'nothing' : `"${pair}"`}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
