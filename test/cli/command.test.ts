import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepositoryRoot, parseFlags } from '../../lib/cli/command';
import { readTree } from '../../lib/synth/write-tree';
import { changedBetween, snapshot, tempRepo } from '../release/temp-repo';
import { REPO_ROOT, runCli } from '../support/repo-copy';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

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

describe('parseFlags', () => {
  const help = {
    command: 'synth',
    summary: 'test',
    examples: [],
    flags: {
      cluster: { type: 'string', description: 'one cluster' },
      app: { type: 'string', multiple: true, description: 'apps' },
      check: { type: 'boolean', description: 'check' },
    },
  } as const;
  const io = (...args: string[]) => ({ args, log: () => undefined });

  it('refuses a single-value flag given twice, naming both values', () => {
    expect(() => parseFlags(io('--cluster', 'staging', '--cluster', 'production'), help)).toThrow(
      'synth: --cluster given 2 times ("staging", "production"); it takes one value: give it once',
    );
    expect(() => parseFlags(io('--check', '--check'), help)).toThrow(
      'synth: --check given 2 times; it takes one value: give it once',
    );
  });

  it('keeps every value of a flag that may repeat', () => {
    expect(parseFlags(io('--app', 'web', '--app', 'gateway'), help)).toEqual({ app: ['web', 'gateway'] });
  });

  it('a release with --cluster twice is a usage error (exit 2) and writes nothing', async () => {
    const { root, cleanup } = await tempRepo();
    cleanups.push(cleanup);
    const before = snapshot(root);
    const result = await runCli(root, 'release', [
      '--cluster',
      'staging',
      '--cluster',
      'production',
      '--app',
      'gateway',
      '--tag',
      '3.0.0',
      '--digest',
      `sha256:${'f'.repeat(64)}`,
    ]);
    expect(result.stderr).toBe(
      'error: release: --cluster given 2 times ("staging", "production"); it takes one value: give it once\nRun `npm run release -- --help` for its usage.\n',
    );
    expect(result.status).toBe(2);
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });
});
