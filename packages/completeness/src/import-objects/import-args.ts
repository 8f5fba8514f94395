// Command-line flags of `import-objects`, parsed with node:util (strict: unknown flags fail).
import { parseFlags, UsageError } from '@event-lake/cli-kit';
import { backendFrom, type Backend } from '@event-lake/query';
import { outputFormatFrom, type OutputFormat } from '../cli-args.js';
import { DEFAULT_TYPES, resolveTypes, type ObjectTypeSpec } from './object-types.js';

export interface ImportArgs {
  readonly types: readonly ObjectTypeSpec[];
  readonly listTypes: boolean;
  /** Connected accounts, in the order given, each once. */
  readonly accounts: readonly string[];
  readonly apply: boolean;
  readonly format: OutputFormat;
  readonly backend: Backend;
  readonly runId: string | undefined;
  readonly help: boolean;
}

const ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,64}$/;

export const IMPORT_USAGE = `Usage:
  pnpm import-objects [options] [--apply]   snapshot every Stripe object into the lake (dry run without --apply)

Options:
  --types a,b,…          object types to list (default: all of ${DEFAULT_TYPES.join(', ')})
  --list-types           print the supported types, their list endpoints and filters, then exit
  --account acct_…       also list this connected account's objects (Stripe-Account header; repeatable);
                         the platform account's own objects are always listed
  --apply                write a snapshot of every object through the delivery stream
  --run-id ID            resume or repeat run ID (printed by each run): the same event and delivery ids,
                         so an object written twice in one run is one delivery in the lake
  --backend local|athena where the lake is read to check the key's mode (default local: DuckDB over LAKE_DIR)
  --format text|json     output (default text)
  -h, --help             this help

Each object becomes an event of type <object>.snapshot (source "snapshot") wrapping the object as listed.

Exit codes: 0 done, 1 some objects could not be written (not valid objects), 2 usage or configuration error,
3 Stripe or the delivery stream failed, 130 stopped by Ctrl-C (rerun with the printed --run-id).`;

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const values = parseFlags(argv, {
    types: { type: 'string', multiple: true, default: [] },
    'list-types': { type: 'boolean', default: false },
    account: { type: 'string', multiple: true, default: [] },
    apply: { type: 'boolean', default: false },
    'run-id': { type: 'string' },
    format: { type: 'string', default: 'text' },
    backend: { type: 'string', default: 'local' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const format = outputFormatFrom(values.format);
  const backend = backendFrom(values.backend);
  const accounts: string[] = [];
  for (const a of values.account) {
    if (!ACCOUNT_ID.test(a)) throw new UsageError(`--account must be a connected account id such as acct_1Nv0FGQ9RKHgCVdK, got "${a.slice(0, 40)}"`);
    if (!accounts.includes(a)) accounts.push(a);
  }
  const names = values.types.flatMap((t) => t.split(','));
  return {
    types: values.types.length === 0 ? resolveTypes(DEFAULT_TYPES) : resolveTypes(names),
    listTypes: values['list-types'],
    accounts,
    apply: values.apply,
    format,
    backend,
    runId: values['run-id'],
    help: values.help,
  };
}
