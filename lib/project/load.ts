import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, ProblemList } from '../errors';
import { byCodePoint } from '../order';
import { uncommittedFiles } from '../release/git-status';
import type { AppSpec } from '../model/app-spec';
import type { ClusterDefinition } from '../model/cluster';
import { parsePlatformLock, type PlatformLock } from '../model/platform-lock';
import { parsePromotedSpec, type PromotedSpec } from '../model/promoted-spec';
import { parseReleasePins, type ReleasePins } from '../model/release-pins';
import { EvaluationTimeout, type Evaluator, evaluatorWithTimeout } from './evaluate-with-timeout';

/** An app spec and the file it came from (relative to the repository root). */
export interface LoadedApp {
  readonly spec: AppSpec;
  readonly file: string;
}

/** A cluster definition with its release pins and the files both came from. */
export interface LoadedCluster {
  readonly definition: ClusterDefinition;
  readonly file: string;
  readonly pinsFile: string;
  readonly pins: ReleasePins;
  /**
   * A gated cluster's promoted app specs (`clusters/<name>.promoted/<app>.yaml`), by app.
   * @default undefined: the cluster is not gated and renders the specs of apps/
   */
  readonly promoted?: Readonly<Record<string, LoadedPromotedSpec>>;
  /**
   * A gated cluster's promoted platform revision (`clusters/<name>.promoted/platform.yaml`).
   * @default undefined: not gated, or not recorded yet (rendering the cluster then fails with the fix)
   */
  readonly platform?: LoadedPlatformLock;
}

/** A platform lock and the file it came from. */
export interface LoadedPlatformLock extends PlatformLock {
  readonly file: string;
}

/** A promoted spec and the file it came from. */
export interface LoadedPromotedSpec extends PromotedSpec {
  readonly file: string;
}

/** Everything the generator reads: apps sorted by name, clusters sorted by name. */
export interface Project {
  readonly root: string;
  readonly apps: readonly LoadedApp[];
  readonly clusters: readonly LoadedCluster[];
  /**
   * Whether a file (relative to the root) differs from git's last commit, asked only to blame the newer of two
   * conflicting inputs (a duplicate host). @default unknown: the later input in code-point order is blamed
   */
  readonly isChanged?: (file: string) => boolean;
  /**
   * Whether a file (relative to the root) exists, asked to check references to repository files (the schemas of
   * Kafka topics). @default unknown: such references are checked for their form only
   */
  readonly fileExists?: (file: string) => boolean;
}

export const APPS_DIR = 'apps';
export const CLUSTERS_DIR = 'clusters';

/** `clusters/<cluster>.releases.yaml`: the pin file of a cluster. */
export function releasePinsPath(cluster: string): string {
  return `${CLUSTERS_DIR}/${cluster}.releases.yaml`;
}

/** `clusters/<cluster>.promoted`: the folder of a gated cluster's promoted app specs. */
export function promotedSpecsDir(cluster: string): string {
  return `${CLUSTERS_DIR}/${cluster}.promoted`;
}

/** `clusters/<cluster>.promoted/<app>.yaml`. */
export function promotedSpecPath(cluster: string, app: string): string {
  return `${promotedSpecsDir(cluster)}/${app}.yaml`;
}

/** The file name of a gated cluster's platform lock inside its promoted folder; never an app's spec. */
export const PLATFORM_LOCK_FILE = 'platform.yaml';

/** `clusters/<cluster>.promoted/platform.yaml`: a gated cluster's promoted platform revision. */
export function platformLockPath(cluster: string): string {
  return `${promotedSpecsDir(cluster)}/${PLATFORM_LOCK_FILE}`;
}

/** Reads a gated cluster's platform lock, or undefined when it has none; problems go to `problems`. */
export function loadPlatformLock(root: string, cluster: string, problems: ProblemList): LoadedPlatformLock | undefined {
  const file = platformLockPath(cluster);
  if (!existsSync(join(root, file))) return undefined;
  try {
    return { ...parsePlatformLock(readFileSync(join(root, file), 'utf8'), file, cluster), file };
  } catch (error) {
    problems.absorb(error);
    return undefined;
  }
}

/** Reads a gated cluster's promoted specs; every problem goes to `problems`. */
export function loadPromotedSpecs(
  root: string,
  cluster: string,
  problems: ProblemList,
): Record<string, LoadedPromotedSpec> {
  const specs: Record<string, LoadedPromotedSpec> = {};
  const dir = promotedSpecsDir(cluster);
  for (const entry of listEntries(
    join(root, dir),
    (name, isDir) => !isDir && name.endsWith('.yaml') && name !== PLATFORM_LOCK_FILE,
  )) {
    const app = entry.slice(0, -'.yaml'.length);
    const file = `${dir}/${entry}`;
    try {
      specs[app] = { ...parsePromotedSpec(readFileSync(join(root, file), 'utf8'), file, cluster, app), file };
    } catch (error) {
      problems.absorb(error);
    }
  }
  return specs;
}

/**
 * Discovers `apps/<name>/index.ts` and `clusters/<name>.ts` (each a default export) and reads every
 * cluster's release pins. Only the CLI and tests call this: constructs get their values through props.
 */
export async function loadProject(root: string, options: LoadOptions = {}): Promise<Project> {
  const evaluator = evaluatorWithTimeout(options.evaluateTimeoutMs ?? defaultEvaluateTimeoutMs());
  try {
    return await loadWith(root, evaluator);
  } finally {
    evaluator.close();
  }
}

export interface LoadOptions {
  /**
   * How long one app or cluster file may take to evaluate before it is reported (an endless loop, a promise
   * that never settles). @default $GITOPS_EVALUATE_TIMEOUT_MS, else 10000
   */
  readonly evaluateTimeoutMs?: number;
}

/** The environment variable that overrides the evaluation time limit (tests set it low). */
export const EVALUATE_TIMEOUT_VARIABLE = 'GITOPS_EVALUATE_TIMEOUT_MS';

function defaultEvaluateTimeoutMs(): number {
  const value = Number(process.env[EVALUATE_TIMEOUT_VARIABLE]);
  return Number.isInteger(value) && value > 0 ? value : 10_000;
}

async function loadWith(root: string, evaluator: Evaluator): Promise<Project> {
  const problems = new ProblemList();
  const apps: LoadedApp[] = [];
  for (const folder of appFolders(root)) {
    const file = `${APPS_DIR}/${folder}/index.ts`;
    if (!existsSync(join(root, file))) {
      problems.add(
        { file: `${APPS_DIR}/${folder}` },
        'an app folder needs an index.ts whose default export is defineApp({...})',
      );
      continue;
    }
    const spec = await importDefault(root, file, problems, evaluator);
    if (spec === FAILED) continue;
    if (!isObject(spec)) {
      problems.add({ file }, 'the default export must be defineApp({...})');
      continue;
    }
    apps.push({ spec: spec as unknown as AppSpec, file });
  }

  const clusters: LoadedCluster[] = [];
  for (const name of clusterNames(root)) {
    const file = `${CLUSTERS_DIR}/${name}.ts`;
    const definition = await importDefault(root, file, problems, evaluator);
    if (definition === FAILED) continue;
    if (!isObject(definition)) {
      problems.add({ file }, 'the default export must be defineCluster({...})');
      continue;
    }
    const pinsFile = releasePinsPath(name);
    const pinsPath = join(root, pinsFile);
    if (!existsSync(pinsPath)) {
      problems.add({ file: pinsFile, cluster: name }, 'release-pin file is missing; create it with "apps: {}"');
      continue;
    }
    try {
      const pins = parseReleasePins(readFileSync(pinsPath, 'utf8'), pinsFile, name);
      const typed = definition as unknown as ClusterDefinition;
      const promoted = typed.promotion === undefined ? undefined : loadPromotedSpecs(root, name, problems);
      const platform = typed.promotion === undefined ? undefined : loadPlatformLock(root, name, problems);
      clusters.push({
        definition: typed,
        file,
        pinsFile,
        pins,
        ...(promoted === undefined ? {} : { promoted }),
        ...(platform === undefined ? {} : { platform }),
      });
    } catch (error) {
      problems.absorb(error);
    }
  }
  problems.throwIfAny();
  return {
    root,
    apps,
    clusters,
    isChanged: changedSinceCommit(root),
    fileExists: (file) => existsSync(join(root, file)),
  };
}

/** A lazy `git status` of apps/ and clusters/: run once, on the first question (none in a clean run). */
function changedSinceCommit(root: string): (file: string) => boolean {
  let changed: ReadonlySet<string> | undefined;
  return (file) => {
    changed ??= new Set(uncommittedFiles(root, [APPS_DIR, CLUSTERS_DIR]) ?? []);
    return changed.has(file);
  };
}

/**
 * The clusters of a repository, sorted by name (code point): one per `clusters/<name>.ts` (without loading them).
 * Sorted after the extension is cut, so `production` comes before `production-eu`, as in every message.
 */
export function clusterNames(root: string): string[] {
  return listEntries(
    join(root, CLUSTERS_DIR),
    (name, isDir) => !isDir && name.endsWith('.ts') && !name.endsWith('.d.ts') && name !== 'index.ts',
  )
    .map((entry) => entry.slice(0, -'.ts'.length))
    .sort(byCodePoint);
}

/** The app folders of a repository, sorted: one per `apps/<name>/` (without loading them). */
export function appFolders(root: string): string[] {
  return listEntries(join(root, APPS_DIR), (name, isDir) => isDir && !name.startsWith('.'));
}

/** What importDefault returns when the file could not be evaluated (its problem is reported). */
const FAILED = Symbol('failed');

/**
 * The default export of a user's TypeScript file. Whatever goes wrong while evaluating it (a syntax or type
 * error esbuild reports, a throw, a missing import) is the user's to fix: reported as `<file>: <message>`,
 * without the loader's stack trace, next to the other problems of the run.
 */
async function importDefault(
  root: string,
  file: string,
  problems: ProblemList,
  evaluator: Evaluator,
): Promise<unknown> {
  try {
    const url = pathToFileURL(join(root, file)).href;
    const module = await evaluator.evaluate(() => import(url) as Promise<{ default?: unknown }>);
    return module.default;
  } catch (error) {
    if (error instanceof EvaluationTimeout) {
      problems.add(
        { file },
        `could not be loaded: evaluating it ${error.message} (an endless loop, or a promise that never settles?); what it runs at load time must finish at once`,
      );
      return FAILED;
    }
    // The stack stays attached for `--debug`; the message names the file by its repository path.
    const problem = new ConfigError(
      { file },
      `could not be loaded: ${loadErrorMessage(error, join(root, file), file)}`,
    );
    problem.cause = error;
    problems.absorb(problem);
    return FAILED;
  }
}

/** The first lines of a load error, naming the file by its repository path. */
function loadErrorMessage(error: unknown, path: string, file: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split(path)
    .join(file)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  const message = lines.slice(0, 3).join(' ').replace(/\s+/g, ' ').trim();
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

function listEntries(dir: string, keep: (name: string, isDir: boolean) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => keep(entry.name, entry.isDirectory()))
    .map((entry) => entry.name)
    .sort(byCodePoint);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
