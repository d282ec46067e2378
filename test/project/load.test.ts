import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/project/load';
import { copyRepository, gitInit } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';

describe('loadProject', () => {
  it('tells which input files changed since the last commit (to blame the newer of two claims)', async () => {
    const { appFile, clusterFile } = await sampleTargets();
    const dir = copyRepository();
    gitInit(dir);
    appendFileSync(join(dir, appFile), '\n// edited\n');
    const project = await loadProject(dir);
    expect(project.isChanged?.(appFile)).toBe(true);
    expect(project.isChanged?.(clusterFile)).toBe(false);
  });
});
