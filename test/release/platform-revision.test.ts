import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readTree } from '../../lib/synth/write-tree';
import { RENDER_CACHE_DIR } from '../../lib/platform-revision/worktree-render';
import { spawnCli } from '../support/repo-copy';
import { editFile, frozenGitRepos, gitIn } from './temp-repo';

/**
 * The platform gate, in frozen git fixtures with their own copy of the generator: a merged change to lib/ or
 * platform/ reaches the ungated cluster at once and the gated one only by `promote --platform`.
 */
const repo = frozenGitRepos();
const DEFAULTS_FILE = 'lib/model/defaults.ts';
const PLATFORM_LOCK = 'clusters/production.promoted/platform.yaml';

/** Raises DEFAULTS.revisionHistoryLimit by 2, as a merged pull request would; returns the new value. */
function raiseRevisionHistoryLimit(root: string): number {
  let raised = 0;
  editFile(root, DEFAULTS_FILE, (text) =>
    text.replace(/revisionHistoryLimit: (\d+),/, (_, value: string) => {
      raised = Number(value) + 2;
      return `revisionHistoryLimit: ${raised},`;
    }),
  );
  expect(raised).toBeGreaterThan(0);
  return raised;
}

const contains = (root: string, cluster: string, text: string) =>
  readTree(join(root, 'generated', cluster)).some((file) => file.content.includes(text));
const merge = (root: string, message: string) => {
  gitIn(root)('add', '-A');
  gitIn(root)('commit', '-q', '-m', message);
};
const revisionOf = (root: string) =>
  (parse(readFileSync(join(root, PLATFORM_LOCK), 'utf8')) as { revision: string }).revision;

describe('a gated cluster renders with the generator at its promoted platform revision', () => {
  it('a merged lib/ change reaches staging, leaves production byte-identical until promote --platform carries it', async () => {
    const root = await repo();
    const production = readTree(join(root, 'generated/production'));
    const limit = raiseRevisionHistoryLimit(root);
    merge(root, 'raise the default revision history limit');

    const synth = spawnCli(root, 'synth');
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(contains(root, 'staging', `revisionHistoryLimit: ${limit}`)).toBe(true);
    expect(readTree(join(root, 'generated/production'))).toEqual(production);
    merge(root, 'synth');
    // The worktree's output is cached: the check reads it instead of rendering again.
    expect(existsSync(join(root, RENDER_CACHE_DIR))).toBe(true);
    expect(spawnCli(root, 'synth', ['--check']).status).toBe(0);

    // Uncommitted generator changes are refused: a platform promotion records a commit.
    editFile(root, DEFAULTS_FILE, (text) => `${text}\n// not committed\n`);
    const refused = spawnCli(root, 'promote', ['--from', 'staging', '--to', 'production', '--platform']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `staging renders with the code of the working tree, but ${DEFAULTS_FILE} differ from HEAD; a platform promotion records a commit`,
    );
    gitIn(root)('checkout', '--', DEFAULTS_FILE);

    const head = gitIn(root)('rev-parse', 'HEAD').trim();
    const promoted = spawnCli(root, 'promote', ['--from', 'staging', '--to', 'production', '--platform']);
    expect(promoted.stderr).toBe('');
    expect(promoted.status).toBe(0);
    expect(revisionOf(root)).toBe(head);
    expect(promoted.stdout).toContain(`(platform): `);
    expect(promoted.stdout).toContain(`-> ${head.slice(0, 12)} (generator and platform code)`);
    expect(contains(root, 'production', `revisionHistoryLimit: ${limit}`)).toBe(true);
    expect(spawnCli(root, 'synth', ['--check']).status).toBe(0);
  });

  it('a merged chart version bump in platform/ reaches staging only', async () => {
    const root = await repo();
    const production = readTree(join(root, 'generated/production'));
    const charts = 'platform/external-secrets/charts.ts';
    let bumped = '';
    editFile(root, charts, (text) =>
      text.replace(/version: '(\d+)\.(\d+)\.(\d+)'/, (_, major: string, minor: string) => {
        bumped = `${major}.${Number(minor) + 1}.0`;
        return `version: '${bumped}'`;
      }),
    );
    expect(bumped).not.toBe('');
    merge(root, 'bump the external-secrets chart');

    expect(spawnCli(root, 'synth').status).toBe(0);
    expect(contains(root, 'staging', `targetRevision: ${bumped}`)).toBe(true);
    expect(readTree(join(root, 'generated/production'))).toEqual(production);
  });

  it('names the revision and the fix when that generator rejects the cluster file', async () => {
    const root = await repo();
    raiseRevisionHistoryLimit(root);
    merge(root, 'a generator change');
    editFile(root, 'clusters/production.ts', (text) =>
      text.replace("kubernetesVersion: '", "kubernetesVersion: '0.1', // was: '"),
    );
    const revision = revisionOf(root);

    const check = spawnCli(root, 'synth', ['--check']);

    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(
      new RegExp(
        `^error: clusters/production\\.ts: cluster "production": kubernetesVersion: "0\\.1" is not supported; use one of .* \\(the generator at platform revision ${revision.slice(0, 12)} of ${PLATFORM_LOCK} says so; change the cluster's files so that it accepts them, or promote the platform first: npm run promote -- --from staging --to production --platform\\)$`,
        'm',
      ),
    );
  });
});
