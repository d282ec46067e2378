import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../../lib/cli/command';
import { readTree } from '../../lib/synth/write-tree';
import { REPO_ROOT } from '../support/repo-copy';

describe('the repository root of a command', () => {
  it('is found by walking up from any subfolder', () => {
    expect(findRepositoryRoot(REPO_ROOT)).toBe(REPO_ROOT);
    expect(findRepositoryRoot(join(REPO_ROOT, 'apps'))).toBe(REPO_ROOT);
    expect(findRepositoryRoot(join(REPO_ROOT, 'generated', 'staging'))).toBe(REPO_ROOT);
  });

  it('is refused outside the repository, saying what to do', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'outside-')));
    expect(() => findRepositoryRoot(outside)).toThrow(
      `${outside} is not inside this repository: no folder at or above it has package.json and clusters/; run the command from the repository`,
    );
  });

  it('lets a command started in a subfolder check the whole repository (no false pass on 0 files)', () => {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, [join(REPO_ROOT, 'lib', 'cli', 'synth.ts'), '--check'], {
      cwd: join(REPO_ROOT, 'apps'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`generated/ is up to date (${readTree(join(REPO_ROOT, 'generated')).length} files).\n`);
    expect(result.status).toBe(0);
  });
});
