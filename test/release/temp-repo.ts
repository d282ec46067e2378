import { afterEach, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatReleasePins, type ReleasePin } from '../../lib/model/release-pins';
import { loadProject, releasePinsPath } from '../../lib/project/load';
import {
  copyRepository,
  lockAtRevision,
  recordRunningGenerator,
  REPO_ROOT,
  runCli,
  spawnCli,
} from '../support/repo-copy';

/**
 * The frozen release pins of the fixture repository, whatever the live pin files say (a release or a promotion
 * must not break a test): staging runs `2.0.0` of every app and production `1.0.0`, except `report`, which
 * runs the same pin everywhere (nothing to promote). Any other cluster gets production's pins.
 */
export const UNCHANGED_APP = 'report';
export function fixturePin(cluster: string, app: string): Required<ReleasePin> {
  if (app === UNCHANGED_APP) return { tag: '1.0.0', digest: digestOf(app) };
  return cluster === 'staging'
    ? { tag: '2.0.0', digest: digestOf(`staging/${app}`) }
    : { tag: '1.0.0', digest: digestOf(`${cluster}/${app}`) };
}
export const STAGING_GATEWAY = fixturePin('staging', 'gateway');
export const PRODUCTION_GATEWAY = fixturePin('production', 'gateway');

function digestOf(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

let template: Promise<string> | undefined;

/**
 * The repository's apps and clusters with the frozen fixture pins and generated/ synthesized for them; made
 * once per worker, never changed (tests change copies of it).
 */
function fixtureTemplate(): Promise<string> {
  template ??= (async () => {
    const root = copyRepository();
    // Gated clusters render with the code under test, in process, whatever this repository's production is at.
    recordRunningGenerator(root);
    for (const cluster of (await loadProject(root)).clusters) {
      const name = cluster.definition.name;
      const pins = Object.fromEntries(
        Object.keys(cluster.definition.apps ?? {}).map((app) => [app, fixturePin(name, app)]),
      );
      writeFileSync(join(root, releasePinsPath(name)), formatReleasePins(name, pins));
    }
    const synth = await runCli(root, 'synth');
    if (synth.status !== 0) throw new Error(`cannot synthesize the fixture repository:\n${synth.stderr}`);
    return root;
  })();
  return template;
}

let seed: Promise<string> | undefined;

/**
 * What copyRepository makes of the template (data copied, code linked, everything committed), made once per
 * worker with its objects packed: tempRepo copies it whole instead of copying the data and committing it
 * again for every test (five git processes and a loose object per file, each time).
 */
function fixtureSeed(): Promise<string> {
  seed ??= fixtureTemplate().then((template) => {
    const root = copyRepository(template);
    execFileSync('git', ['repack', '-adlq'], { cwd: root, stdio: 'ignore' });
    return root;
  });
  return seed;
}

/**
 * A throwaway copy of the repository with the frozen fixture pins (node_modules linked) that a test may change
 * freely, apps and clusters included (nothing of it has been imported yet).
 */
export async function tempRepo(): Promise<{ root: string; cleanup: () => void }> {
  const source = await fixtureSeed();
  const root = mkdtempSync(join(tmpdir(), 'gitops-repo-'));
  cpSync(source, root, { recursive: true, verbatimSymlinks: true });
  // The copied index holds the seed's file times: refresh it, so git sees the clean tree a commit leaves.
  spawnSync('git', ['update-index', '-q', '--refresh'], { cwd: root, stdio: 'ignore' });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file under apps/, clusters/, lib/ and generated/ with its content, keyed by repository path. */
/**
 * A `repo()` for one test file: each call makes a fresh copy of the frozen fixture repository (tempRepo),
 * removed after the test that made it.
 */
export function tempRepos(): () => Promise<string> {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return async () => {
    const { root, cleanup } = await tempRepo();
    cleanups.push(cleanup);
    return root;
  };
}

export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['apps', 'clusters', 'lib', 'generated']) {
    for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      files.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** The repository paths whose content differs between two snapshots (added, removed or changed), sorted. */
export function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

export function editFile(root: string, path: string, edit: (text: string) => string): void {
  const full = join(root, path);
  writeFileSync(full, edit(readFileSync(full, 'utf8')));
}

/** Runs a command that must be refused with `message`, and checks it wrote nothing at all. */
export async function expectRefusal(root: string, run: () => Promise<unknown>, message: string): Promise<void> {
  const before = snapshot(root);
  await expect(run()).rejects.toThrow(message);
  expect(changedBetween(before, snapshot(root))).toEqual([]);
}

/** What a frozen git fixture copies of this repository's code (not linked: a test commits changes to it). */
const FROZEN_CODE = ['lib', 'platform'];
/** The fixture's data, as tempRepo has it (frozen pins, generated/ for them). */
const FROZEN_DATA = [
  '.gitignore',
  'apps',
  'argocd',
  'clusters',
  'generated',
  'package.json',
  'package-lock.json',
  'schemas',
  'tsconfig.json',
];

let frozenTemplate: Promise<string> | undefined;

/**
 * A git repository of its own made from the fixture (tempRepo's data) with REAL copies of the generator and
 * platform code, committed, every gated cluster's platform revision recorded at that commit, then synthesized
 * and committed again. Made once per worker; tests change copies of it (frozenGitRepos). Commands must run
 * there with spawnCli: the process of a test runs this repository's code, not the copy's.
 */
function frozenGitTemplate(): Promise<string> {
  frozenTemplate ??= (async () => {
    const data = await fixtureTemplate();
    const root = mkdtempSync(join(tmpdir(), 'gitops-frozen-'));
    for (const entry of FROZEN_DATA) cpSync(join(data, entry), join(root, entry), { recursive: true });
    for (const entry of FROZEN_CODE) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    const git = gitIn(root);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(root, '.git/info/exclude'), '/node_modules\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'the fixture');
    const revision = git('rev-parse', 'HEAD').trim();
    for (const lock of platformLocks(root)) {
      const cluster = lock.replace(/^clusters\//, '').replace(/\.promoted\/platform\.yaml$/, '');
      writeFileSync(join(root, lock), lockAtRevision(root, join(root, lock), cluster, revision));
    }
    const synth = spawnCli(root, 'synth');
    if (synth.status !== 0) throw new Error(`cannot synthesize the frozen git fixture:\n${synth.stderr}`);
    git('add', '-A');
    git('commit', '-q', '-m', 'record the platform revision of the gated clusters');
    git('repack', '-adq');
    return root;
  })();
  return frozenTemplate;
}

/** `clusters/<cluster>.promoted/platform.yaml` of every gated cluster of a repository. */
export function platformLocks(root: string): string[] {
  return readdirSync(join(root, 'clusters'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.endsWith('.promoted'))
    .map((entry) => `clusters/${entry.name}/platform.yaml`)
    .filter((path) => existsSync(join(root, path)))
    .sort();
}

/** Runs git in `root` as a committer of the fixture; returns stdout. */
export function gitIn(root: string): (...args: string[]) => string {
  return (...args) =>
    execFileSync('git', ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
}

/** A `repo()` of frozen git fixtures (see frozenGitTemplate): a fresh copy per call, removed after the test. */
export function frozenGitRepos(): () => Promise<string> {
  const cleanups: string[] = [];
  afterEach(() => {
    for (const root of cleanups.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  return async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-frozen-copy-'));
    cpSync(await frozenGitTemplate(), root, { recursive: true, verbatimSymlinks: true });
    cleanups.push(root);
    return root;
  };
}

/**
 * The generated file of an app's workload in a cluster: its Deployment, or its Rollout when the app has a canary
 * or blue-green delivery there (whichever the repository's apps and clusters say today).
 */
export function workloadPath(root: string, cluster: string, app: string): string {
  const folder = `generated/${cluster}/${app}`;
  const found = ['deployment', 'rollout']
    .map((kind) => `${folder}/${kind}-${app}.yaml`)
    .filter((path) => existsSync(join(root, path)));
  if (found.length !== 1)
    throw new Error(`${folder}: expected one Deployment or Rollout of ${app}, found ${found.length}`);
  return found[0]!;
}
