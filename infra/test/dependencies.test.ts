import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifests = () => [
  path.join(root, 'package.json'),
  path.join(root, 'infra', 'package.json'),
  ...readdirSync(path.join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(root, 'packages', d.name, 'package.json'))
    .filter((p) => existsSync(p)),
];

describe('dependencies', () => {
  it('no package depends on the deprecated @aws-cdk/aws-kinesisfirehose-alpha (or any CDK alpha module)', () => {
    const offenders = manifests().flatMap((file) => {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
      const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) => Object.keys(pkg[k] ?? {}));
      return names.filter((n) => /^@aws-cdk\/.*-alpha$/.test(n)).map((n) => `${path.relative(root, file)}: ${n}`);
    });
    expect(offenders).toEqual([]);
  });

  it('infra pins aws-cdk-lib, constructs and cdk-nag to exact versions, cdk-nag 3 with aws-cdk-lib >= 2.257', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'infra', 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe('infra');
    for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag']) expect(pkg.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = (pkg.dependencies['aws-cdk-lib'] ?? '').split('.').map(Number);
    expect(major).toBe(2);
    expect(minor).toBeGreaterThanOrEqual(257);
    expect(pkg.dependencies['cdk-nag']).toMatch(/^3\./);
  });

  it('the stack imports Firehose from the stable aws-cdk-lib module', () => {
    const source = readFileSync(path.join(root, 'infra', 'lib', 'archive.ts'), 'utf8');
    expect(source).toContain("from 'aws-cdk-lib/aws-kinesisfirehose'");
  });
});
