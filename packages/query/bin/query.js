#!/usr/bin/env node
// `pnpm query` resolves to this bin (linked into the root node_modules/.bin) instead of a package script,
// so pnpm prints no "> script" banner and `--format json` leaves nothing but JSON on stdout.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
