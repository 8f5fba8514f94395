// The one line `pnpm start` prints on Node < 22 instead of the AWS SDK's paragraph, and the README's
// Node claim kept true: every version it names is one CI runs the tests on.
import { describe, it, expect } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeVersionNotice, RECOMMENDED_NODE_MAJORS } from '../src/node-version-notice.js';
import { REPO_ROOT } from './pnpm-start.js';

describe('nodeVersionNotice', () => {
  it('is one line on Node 20 and nothing on 22 or 24', () => {
    const notice = nodeVersionNotice('v20.20.2');
    expect(notice).toMatch(/^note: Node v20\.20\.2 .* use Node 22 or 24$/);
    expect(notice).not.toContain('\n');
    expect([nodeVersionNotice('v22.23.3'), nodeVersionNotice('v24.9.0')]).toEqual([undefined, undefined]);
  });
});

describe('the Node versions the README claims', () => {
  it('recommends 22 or 24 and names only versions CI tests (.ci/node-versions, plus the machine Node of engines)', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const ciMajors = (await readFile(join(REPO_ROOT, '.ci/node-versions'), 'utf8')).split('\n').filter((l) => l.trim()).map((v) => Number(v.split('.')[0]));
    const engineMajor = Number(/(\d+)/.exec(pkg.engines.node)![1]);
    const claim = /CI runs the tests on Node ([\d, and]+)\./.exec(readme);
    expect(claim).not.toBeNull();
    const claimed = claim![1]!.split(/, | and /).map(Number);
    expect(readme).toContain(`Node ${RECOMMENDED_NODE_MAJORS.join(' or ')} is recommended`);
    // .ci/run runs `pnpm test` on the machine's Node (the engines minimum), then the suite on each of .ci/node-versions.
    expect([...new Set([engineMajor, ...ciMajors])].sort()).toEqual(expect.arrayContaining(claimed));
    expect(claimed).toEqual(expect.arrayContaining([...RECOMMENDED_NODE_MAJORS]));
  });
});
