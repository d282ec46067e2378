import { afterEach, describe, expect, it } from 'vitest';
import { parseFlags } from '../../lib/cli/command';
import { runCli } from '../support/repo-copy';
import { changedBetween, snapshot, tempRepo } from '../release/temp-repo';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('parseFlags', () => {
  const flags = {
    cluster: { type: 'string' },
    app: { type: 'string', multiple: true },
    check: { type: 'boolean' },
  } as const;

  it('refuses a single-value flag given twice, naming both values', () => {
    expect(() => parseFlags('synth', flags, ['--cluster', 'staging', '--cluster', 'production'])).toThrow(
      'synth: --cluster given 2 times ("staging", "production"); it takes one value: give it once',
    );
    expect(() => parseFlags('synth', flags, ['--check', '--check'])).toThrow(
      'synth: --check given 2 times; it takes one value: give it once',
    );
  });

  it('keeps every value of a flag that may repeat', () => {
    expect(parseFlags('promote', flags, ['--app', 'web', '--app', 'gateway'])).toEqual({ app: ['web', 'gateway'] });
  });

  it('a release with --cluster twice exits 1 and writes nothing', async () => {
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
      'error: release: --cluster given 2 times ("staging", "production"); it takes one value: give it once\n',
    );
    expect(result.status).toBe(1);
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });
});
