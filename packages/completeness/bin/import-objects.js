#!/usr/bin/env node
// `pnpm import-objects` resolves to this bin (linked into the root node_modules/.bin) instead of a package
// script, so pnpm adds no banner or ELIFECYCLE line around the summary and --format json stays clean.
import { register } from 'tsx/esm/api';

register();
await import('../src/import-objects/main.ts');
