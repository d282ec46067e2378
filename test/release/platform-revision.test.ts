import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readTree } from '../../lib/synth/write-tree';
import { RENDER_CACHE_DIR } from '../../lib/platform-revision/worktree-render';
import { spawnCli } from '../support/repo-copy';
import { editFile, frozenGitRepos, gitIn, workloadPath } from './temp-repo';

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
const revisionOf = (root: string, cluster = 'production') =>
  (parse(readFileSync(join(root, `clusters/${cluster}.promoted/platform.yaml`), 'utf8')) as { revision: string })
    .revision;

describe('a gated cluster renders with the generator at its promoted platform revision', { timeout: 240_000 }, () => {
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
    // The summary names the generator files that changed between the two revisions.
    expect(promoted.stdout).toMatch(/^\(platform\):\n {2}revision: [0-9a-f]{12} -> [0-9a-f]{12} \(from staging\)$/m);
    expect(promoted.stdout).toMatch(/^ {3}lib\/model\/defaults\.ts \| +2 \+-$/m);
    expect(promoted.stdout).toMatch(/^ {4}changed Deployment \S+\n {6}spec\.revisionHistoryLimit: \d+ -> \d+$/m);
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

/** A change of web's own spec, as a developer's pull request makes it. */
const addFeatureFlag = (root: string) =>
  editFile(root, 'apps/web/index.ts', (text) =>
    text.replace("NODE_ENV: 'production',", "NODE_ENV: 'production', FEATURE_X: 'enabled',"),
  );
const promote = (root: string, ...args: string[]) => {
  const result = spawnCli(root, 'promote', args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
};
/** Every file of clusters/ and generated/ with its content and modification time. */
function filesWithTimes(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['clusters', 'generated', 'argocd']) {
    for (const file of readTree(join(root, top))) {
      files.set(`${top}/${file.path}`, `${statSync(join(root, top, file.path)).mtimeMs} ${file.content}`);
    }
  }
  return files;
}

describe('promote: per app, --all, nothing to do, rollback', { timeout: 240_000 }, () => {
  it('--app gateway ships neither web’s unpromoted spec change nor the platform change; --all ships both; then there is nothing to promote', async () => {
    const root = await repo();
    const limit = raiseRevisionHistoryLimit(root);
    addFeatureFlag(root);
    merge(root, 'a generator change and a web change');
    expect(spawnCli(root, 'synth').status).toBe(0);
    merge(root, 'synth');
    const revision = revisionOf(root);
    const webBefore = readTree(join(root, 'generated/production/web'));

    const gateway = promote(root, '--from', 'staging', '--to', 'production', '--app', 'gateway');

    expect(gateway).not.toContain('(platform)');
    expect(revisionOf(root)).toBe(revision);
    expect(readTree(join(root, 'generated/production/web'))).toEqual(webBefore);
    expect(contains(root, 'production', 'FEATURE_X')).toBe(false);
    expect(contains(root, 'production', `revisionHistoryLimit: ${limit}`)).toBe(false);
    expect(readFileSync(join(root, workloadPath(root, 'production', 'gateway')), 'utf8')).toContain(
      gitIn(root)('show', 'HEAD:clusters/staging.releases.yaml').match(/gateway:\n\s+tag: "([^"]+)"/)![1],
    );
    merge(root, 'promote gateway');

    const all = promote(root, '--from', 'staging', '--to', 'production', '--all');

    expect(all).toContain('(platform)');
    expect(revisionOf(root)).toBe(gitIn(root)('rev-parse', 'HEAD').trim());
    expect(contains(root, 'production', 'FEATURE_X: enabled')).toBe(true);
    expect(contains(root, 'production', `revisionHistoryLimit: ${limit}`)).toBe(true);
    expect(spawnCli(root, 'synth', ['--check']).status).toBe(0);
    merge(root, 'promote everything');

    const before = filesWithTimes(root);
    const again = promote(root, '--from', 'staging', '--to', 'production', '--all');
    expect(again).toContain('Nothing to promote');
    expect(filesWithTimes(root)).toEqual(before);
    expect(gitIn(root)('status', '--porcelain')).toBe('');
  });

  it('--from-ref rolls back image, spec and platform revision to what they were at that ref', async () => {
    const root = await repo();
    const original = filesWithTimesContent(root);
    raiseRevisionHistoryLimit(root);
    addFeatureFlag(root);
    expect(spawnCli(root, 'synth').status).toBe(0);
    merge(root, 'changes');
    promote(root, '--from', 'staging', '--to', 'production', '--all');
    merge(root, 'promote everything');
    expect(filesWithTimesContent(root)).not.toEqual(original);

    const rollback = promote(root, '--to', 'production', '--from-ref', 'HEAD~2', '--all');

    expect(rollback).toContain('(platform)');
    // Production's lock and output are byte for byte what they were two commits ago.
    const now = filesWithTimesContent(root);
    for (const [path, content] of original) {
      if (path.startsWith('clusters/production.') || path.startsWith('generated/production/')) {
        expect(now.get(path), path).toBe(content);
      }
    }
    const check = spawnCli(root, 'synth', ['--check']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

function filesWithTimesContent(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['clusters', 'generated']) {
    for (const file of readTree(join(root, top))) files.set(`${top}/${file.path}`, file.content);
  }
  return files;
}

/**
 * Adds production-eu, promoted from production (staging -> production -> production-eu), starting from
 * what production runs, and commits it.
 */
function addChainedCluster(root: string): void {
  const clusters = join(root, 'clusters');
  writeFileSync(
    join(clusters, 'production-eu.ts'),
    readFileSync(join(clusters, 'production.ts'), 'utf8')
      .replace("name: 'production'", "name: 'production-eu'")
      .replace("promotion: { from: 'staging' }", "promotion: { from: 'production' }")
      .replace(/baseDomain: '[^']+'/, "baseDomain: 'eu.example.net'")
      .replace(/vpcCidr: '[^']+'/, "vpcCidr: '10.99.0.0/16'"),
  );
  cpSync(join(clusters, 'production.releases.yaml'), join(clusters, 'production-eu.releases.yaml'));
  cpSync(join(clusters, 'production.promoted'), join(clusters, 'production-eu.promoted'), { recursive: true });
  for (const file of readTree(join(clusters, 'production-eu.promoted'))) {
    editFile(root, `clusters/production-eu.promoted/${file.path}`, (text) =>
      text.replace(/^promotedFrom: .*$/m, 'promotedFrom: production'),
    );
  }
  const synth = spawnCli(root, 'synth');
  expect(synth.stderr).toBe('');
  merge(root, 'add production-eu, promoted from production');
}

describe('chains: staging -> production -> production-eu', { timeout: 240_000 }, () => {
  it('production-eu takes what production runs (its promoted specs and platform revision), not HEAD', async () => {
    const root = await repo();
    addChainedCluster(root);
    const euWeb = readTree(join(root, 'generated/production-eu/web'));
    addFeatureFlag(root);
    const limit = raiseRevisionHistoryLimit(root);
    expect(spawnCli(root, 'synth').status).toBe(0);
    merge(root, 'a web change and a generator change');

    promote(root, '--from', 'staging', '--to', 'production', '--app', 'web');
    merge(root, 'promote web to production');
    expect(contains(root, 'production', 'FEATURE_X: enabled')).toBe(true);
    expect(readTree(join(root, 'generated/production-eu/web'))).toEqual(euWeb);

    const eu = promote(root, '--from', 'production', '--to', 'production-eu', '--all');

    expect(eu).toMatch(/^Promote production -> production-eu:$/m);
    expect(contains(root, 'production-eu', 'FEATURE_X: enabled')).toBe(true);
    // production has not been given the generator change, so production-eu does not get it either.
    expect(revisionOf(root, 'production-eu')).toBe(revisionOf(root, 'production'));
    expect(revisionOf(root, 'production-eu')).not.toBe(gitIn(root)('rev-parse', 'HEAD').trim());
    expect(contains(root, 'production-eu', `revisionHistoryLimit: ${limit}`)).toBe(false);
    const spec = (cluster: string, app: string) =>
      parse(readFileSync(join(root, `clusters/${cluster}.promoted/${app}.yaml`), 'utf8')) as { spec: unknown };
    for (const app of ['gateway', 'web']) expect(spec('production-eu', app).spec).toEqual(spec('production', app).spec);
    expect(spawnCli(root, 'synth', ['--check']).status).toBe(0);
  });
});
