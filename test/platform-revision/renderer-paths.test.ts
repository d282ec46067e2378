import { afterEach, describe, expect, it } from 'vitest';
import { clusterInputFiles, rendererPaths } from '../../lib/platform-revision/renderer-paths';
import { REPO_ROOT } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';
import { removeTempTrees, tempTree } from '../support/temp-tree';

const tree = tempTree;
afterEach(removeTempTrees);
describe('renderer paths: what decides a gated cluster’s output, derived from the imports', () => {
  it('in this repository: lib/ and platform/ (reached from synth), package-lock.json and tsconfig.json', async () => {
    const { clusterFile } = await sampleTargets();
    const paths = rendererPaths(REPO_ROOT, clusterFile);
    expect(paths).toEqual(expect.arrayContaining(['lib', 'platform', 'package-lock.json', 'tsconfig.json']));
    expect(paths.some((path) => path === 'apps' || path === 'clusters')).toBe(false);
  });

  it('takes in a top-level folder the generator imports, and the clusters/ module a cluster file imports', () => {
    const root = tree({
      'lib/cli/synth.ts': "import { x } from '../render';\nexport default x;\n",
      'lib/render.ts': "export { y as x } from '../shared/y.js';\n",
      'shared/y.ts': 'export const y = 1;\n',
      'unrelated/z.ts': 'export const z = 1;\n',
      'clusters/production.ts': "import { base } from './common';\nimport { x } from '../lib/render';\n",
      'clusters/common.ts': 'export const base = {};\n',
      'package-lock.json': '{}\n',
    });
    expect(rendererPaths(root, 'clusters/production.ts')).toEqual(['lib', 'package-lock.json', 'shared']);
    expect(clusterInputFiles(root, 'clusters/production.ts')).toEqual(['clusters/common.ts', 'clusters/production.ts']);
  });
});
