import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, ProblemList } from '../errors';
import type { LoadedPlatformLock } from '../project/load';
import { readTree } from '../synth/write-tree';
import type { GeneratedFile } from '../synth/synthesize';
import type { FileWrite } from '../transaction/journal';
import { acquireRepositoryLock } from '../transaction/repository-lock';
import { fileAt, git, withoutGitVariables } from './git';

/** `.cache/gitops/worktrees/<revision>`: git worktrees of promoted platform revisions (git-ignored, reused). */
export const WORKTREES_DIR = '.cache/gitops/worktrees';
/** `.cache/gitops/platform-render/`: what a revision rendered, keyed by a hash of everything it read. */
export const RENDER_CACHE_DIR = '.cache/gitops/platform-render';
/** Set in the synth a revision runs for a gated cluster: that synth must render it in process. */
export const RENDERING_REVISION_VARIABLE = 'GITOPS_RENDERING_REVISION';

/** What the generator at a revision made of a gated cluster. */
export interface RevisionOutput {
  /** The complete content of generated/<cluster>/ (paths relative to it). */
  readonly files: readonly GeneratedFile[];
  /** `argocd/<cluster>-root.yaml` as that revision writes it; undefined when it writes none. */
  readonly bootstrap?: string;
}

/** Bumped when the cache's format or what its key covers changes. */
const CACHE_FORMAT = 1;

/**
 * Renders one gated cluster with the generator and platform code of `lock.revision`: in a git worktree of that
 * revision (created once under .cache/, reused; no network), into which `inputs` (the cluster's own files from
 * HEAD: cluster file, pins, promoted specs and platform lock) are written before that revision's own
 * `lib/cli/synth.ts --cluster <cluster>` runs. The result is cached under a hash of the revision and every
 * input, so an unchanged repository checks in milliseconds.
 */
export async function renderAtRevision(
  root: string,
  cluster: string,
  clusterFile: string,
  lock: LoadedPlatformLock,
  inputs: readonly FileWrite[],
): Promise<RevisionOutput> {
  const key = cacheKey(cluster, lock.revision, inputs);
  const cacheFile = join(root, RENDER_CACHE_DIR, `${cluster}-${key}.json`);
  const cached = readCache(cacheFile);
  if (cached !== undefined) return cached;

  const worktree = `${WORKTREES_DIR}/${lock.revision}`;
  const held = await acquireRepositoryLock(root, `render ${cluster} at ${lock.revision.slice(0, 12)}`, {
    file: `${worktree}.lock`,
  });
  try {
    const again = readCache(cacheFile);
    if (again !== undefined) return again;
    const dir = join(root, worktree);
    prepareWorktree(root, dir, lock);
    linkNodeModules(root, dir, lock, cluster);
    rmSync(join(dir, dirname(lock.file)), { recursive: true, force: true });
    for (const input of inputs) {
      mkdirSync(dirname(join(dir, input.path)), { recursive: true });
      writeFileSync(join(dir, input.path), input.content);
    }
    runSynth(dir, cluster, clusterFile, lock);
    const bootstrapPath = join(dir, 'argocd', `${cluster}-root.yaml`);
    const output: RevisionOutput = {
      files: readTree(join(dir, 'generated', cluster)),
      ...(existsSync(bootstrapPath) ? { bootstrap: readFileSync(bootstrapPath, 'utf8') } : {}),
    };
    writeCache(cacheFile, cluster, output);
    return output;
  } finally {
    held.release();
  }
}

function cacheKey(cluster: string, revision: string, inputs: readonly FileWrite[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, cluster, revision }));
  for (const input of [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`\0${input.path}\0${input.content.length}\0${input.content}`);
  }
  return hash.digest('hex').slice(0, 32);
}

function readCache(file: string): RevisionOutput | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RevisionOutput;
  } catch {
    return undefined; // a torn or foreign file: render again
  }
}

/** Writes the cache entry atomically and drops the cluster's older entries (only the newest is useful). */
function writeCache(file: string, cluster: string, output: RevisionOutput): void {
  const dir = dirname(file);
  if (existsSync(dir)) {
    for (const old of readdirSync(dir)) {
      if (old.startsWith(`${cluster}-`) && old.endsWith('.json')) rmSync(join(dir, old), { force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(output));
  renameSync(temp, file);
}

/** A clean checkout of the revision: created once, reset before every use (earlier inputs removed). */
function prepareWorktree(root: string, dir: string, lock: LoadedPlatformLock): void {
  if (existsSync(join(dir, '.git'))) {
    try {
      git(dir, ['reset', '-q', '--hard', lock.revision]);
      git(dir, ['clean', '-fdq', '-e', 'node_modules']);
      return;
    } catch {
      // A broken checkout (its repository moved, a half-made worktree): make it again.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  git(root, ['worktree', 'prune']);
  mkdirSync(dirname(dir), { recursive: true });
  git(root, ['worktree', 'add', '--detach', '--force', '-q', dir, lock.revision]);
}

/**
 * The revision's npm packages: the main tree's node_modules when the revision's package-lock.json is the
 * same file (the common case), otherwise the worktree's own, which a person installs once (offline from the
 * npm cache); never a silent install.
 */
function linkNodeModules(root: string, dir: string, lock: LoadedPlatformLock, cluster: string): void {
  const target = join(dir, 'node_modules');
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isSymbolicLink()) return; // installed in the worktree by hand
  const same = fileAt(root, lock.revision, 'package-lock.json') === readText(join(root, 'package-lock.json'));
  if (stat !== undefined) rmSync(target, { force: true });
  if (same && existsSync(join(root, 'node_modules'))) {
    symlinkSync(realpathSync(join(root, 'node_modules')), target);
    return;
  }
  throw new ConfigError(
    { file: lock.file, cluster, field: 'revision' },
    `the platform revision ${lock.revision.slice(0, 12)} needs other npm packages than this tree (its package-lock.json differs); install them once with: (cd ${join(root, WORKTREES_DIR, lock.revision)} && npm ci --offline --ignore-scripts), then run this again`,
  );
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** That revision's own synth, for this one cluster; its refusal becomes a ConfigError naming the revision. */
function runSynth(dir: string, cluster: string, clusterFile: string, lock: LoadedPlatformLock): void {
  const tsx = join(dir, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const env: NodeJS.ProcessEnv = { ...withoutGitVariables(process.env), [RENDERING_REVISION_VARIABLE]: lock.revision };
  delete env.GITOPS_FAULT;
  try {
    execFileSync(process.execPath, [tsx, join('lib', 'cli', 'synth.ts'), '--cluster', cluster], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message);
    // "error: <problem>" or "error: N problems found:" followed by "  - <problem>" lines.
    const said = stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^error: \d+ problems found:$/.test(line) && !line.startsWith('Run `npm run'))
      .map((line) => line.replace(/^error: /, '').replace(/^- /, ''));
    const why = `(the generator at platform revision ${lock.revision.slice(0, 12)} of ${lock.file} says so; change the cluster's files so that it accepts them, or promote the platform first: npm run promote -- --from ${lock.from} --to ${cluster} --platform)`;
    if (said.length === 0) {
      throw new ConfigError({ file: clusterFile, cluster }, `cannot be rendered ${why}`);
    }
    const problems = new ProblemList();
    for (const problem of said) problems.add({}, `${problem} ${why}`);
    problems.throwIfAny();
  }
}
