#!/usr/bin/env node
// `pnpm replay` resolves to this bin (linked into the root node_modules/.bin) instead of a root script,
// so pnpm prints no "> script" banner on stdout and `--format json` leaves nothing but JSON there.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
