import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/repo-copy';

const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const nvmrc = readFileSync(join(REPO_ROOT, '.nvmrc'), 'utf8').trim();

describe('the Node.js runtime', () => {
  it('is pinned once: .nvmrc names the exact version of the node devDependency', () => {
    expect(packageJson.devDependencies.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(nvmrc).toBe(packageJson.devDependencies.node);
  });

  it('runs the test suite (start it with npm test, which puts the pinned node first on PATH)', () => {
    expect(process.version).toBe(`v${nvmrc}`);
  });

  it('runs the CLIs the tests and npm scripts spawn through tsx', () => {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, ['-e', 'console.log(process.version)'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`v${nvmrc}`);
  });
});
