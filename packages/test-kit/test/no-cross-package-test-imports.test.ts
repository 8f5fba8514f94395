// The rule the test kit exists for: no file under a `test/` folder imports another package's files by a
// relative path (shared helpers come from @event-lake/test-kit, product code from the package's name).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const packageRoots = [
  ...readdirSync(path.join(root, 'packages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(root, 'packages', d.name)),
  path.join(root, 'infra'),
];

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.[cm]?[jt]s$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('test folders', () => {
  it('import no other package by relative path', () => {
    const offenders = packageRoots.flatMap((pkg) =>
      filesUnder(path.join(pkg, 'test')).flatMap((file) => {
        const specifiers = [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']*)'|\bimport\(\s*'(\.{1,2}\/[^']*)'\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
        return specifiers
          .filter((s) => !path.resolve(path.dirname(file), s).startsWith(pkg + path.sep))
          .map((s) => `${path.relative(root, file)}: ${s}`);
      }),
    );
    expect(offenders).toEqual([]);
  });
});
