// Keeps the README's configuration table true: the variables and defaults the code has, in its order.
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ENV_VARIABLES } from '../src/index.js';

describe('README', () => {
  it('lists every variable of firehose-local with its default', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = [...readme.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| /gm)].map((m) => [m[1], m[2]!.replace(/^`(.*)`$/, '$1')]);
    expect(table).toEqual(ENV_VARIABLES.map(([name, def]) => [name, def]));
  });
});
