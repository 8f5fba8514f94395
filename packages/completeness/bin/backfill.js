#!/usr/bin/env node
// `pnpm backfill` resolves to this bin (linked into the root node_modules/.bin) instead of a package
// script, so pnpm adds no banner or ELIFECYCLE line around the report and --format json stays clean.
import { register } from 'tsx/esm/api';

register();
process.argv.splice(2, 0, 'backfill');
await import('../src/main.ts');
