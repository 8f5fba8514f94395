// One jest project per package. Sources are ESM TypeScript: ts-jest transpiles each file on its own
// (type-checking is `pnpm typecheck`, run first by `pnpm test`), and workspace imports resolve to src.
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

const packageDirs = [
  ...readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}`),
  'infra',
].filter((dir) => existsSync(new URL(`./${dir}/test`, import.meta.url)));

const project = (dir) => ({
  displayName: dir.split('/').pop(),
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@event-lake/([a-z-]+)$': `${root}packages/$1/src/index.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: `${root}tsconfig.base.json` }],
  },
});

export default {
  rootDir: '.',
  projects: packageDirs.map(project),
  testTimeout: 30_000,
};
