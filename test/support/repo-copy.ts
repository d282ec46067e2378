import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
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
import { join, resolve } from 'node:path';
import { executeCommand, type Command } from '../../lib/cli/command';
import { codeDigest } from '../../lib/platform-revision/content-match';
import { blobsAt } from '../../lib/platform-revision/git';
import { rendererPaths } from '../../lib/platform-revision/renderer-paths';
import { chartsPullCommand } from '../../lib/cli/commands/charts-pull';
import { eventsLoadTestCommand } from '../../lib/cli/commands/events-load-test';
import { convergeCommand } from '../../lib/cli/commands/converge';
import { checkCommand } from '../../lib/cli/commands/check';
import { clusterNewCommand } from '../../lib/cli/commands/cluster-new';
import { diffCommand } from '../../lib/cli/commands/diff';
import { promotionGateCommand } from '../../lib/cli/commands/promotion-gate';
import { localDownCommand } from '../../lib/cli/commands/local-down';
import { localUpCommand } from '../../lib/cli/commands/local-up';
import { pipelineTargetCommand } from '../../lib/cli/commands/pipeline-target';
import { promoteCommand } from '../../lib/cli/commands/promote';
import { releaseCommand } from '../../lib/cli/commands/release';
import { rightsizeCommand } from '../../lib/cli/commands/rightsize';
import { schemasPullCommand } from '../../lib/cli/commands/schemas-pull';
import { synthCommand } from '../../lib/cli/commands/synth';
import { validateCommand } from '../../lib/cli/commands/validate';
import { RENDER_CACHE_DIR } from '../../lib/platform-revision/worktree-render';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The project's data: copied, so a test may change it and observe what a command writes. */
const COPIED = [
  '.github',
  '.gitignore',
  'apps',
  'argocd',
  'clusters',
  'docs',
  'generated',
  'package.json',
  'package-lock.json',
  // Message schemas of the Kafka topics apps declare: synth checks that they exist.
  'schemas',
  'tsconfig.json',
];
/**
 * The code: linked, so a command run in the copy uses the very modules the test imported (one module graph,
 * no second transform of lib/). Never edit lib/ or platform/ inside a copy: that edits this repository.
 */
const LINKED = ['lib', 'platform', 'node_modules'];

/**
 * A throw-away copy of the repository, so commands can be run and their file changes observed. `source` is
 * the repository whose data is copied (a fixture made from this one, see test/release/temp-repo.ts); the code
 * is always this repository's.
 */
export function copyRepository(source: string = REPO_ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-repo-'));
  for (const entry of COPIED) {
    try {
      cpSync(join(source, entry), join(dir, entry), { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  for (const entry of LINKED) symlinkSync(join(REPO_ROOT, entry), join(dir, entry));
  // What gated clusters rendered at their platform revision, keyed by every input: a copy whose inputs are
  // unchanged reads it instead of rendering in a worktree of its own (git-ignored, so never committed).
  if (existsSync(join(source, RENDER_CACHE_DIR))) {
    cpSync(join(source, RENDER_CACHE_DIR), join(dir, RENDER_CACHE_DIR), { recursive: true });
  }
  commitCopy(dir, source);
  return dir;
}

/**
 * Makes a copy a git repository with everything committed, whose object store borrows this repository's and
 * the source's (git alternates): a gated cluster's platform revision is a commit of one of them, and the copy
 * must be able to read and check it out, as a clone could.
 */
function commitCopy(dir: string, source: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  const stores = [REPO_ROOT, source].map((repository) =>
    execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repository,
      encoding: 'utf8',
    }).trim(),
  );
  const alternates = [...new Set(stores)].map((store) => `${join(store, 'objects')}\n`).join('');
  writeFileSync(join(dir, '.git/objects/info/alternates'), alternates);
  // node_modules is a link, which the folder pattern node_modules/ of .gitignore does not match.
  appendFileSync(join(dir, '.git/info/exclude'), '/node_modules\n');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--no-verify', '-m', 'copy');
}

/**
 * A platform lock's text with `revision` set to a commit of `gitRoot` and `codeDigest` to that commit's
 * generator files, as `npm run promote -- --platform` would record them.
 */
export function lockAtRevision(gitRoot: string, lockFile: string, cluster: string, revision: string): string {
  const digest = codeDigest(blobsAt(gitRoot, revision, rendererPaths(gitRoot, `clusters/${cluster}.ts`)));
  return readFileSync(lockFile, 'utf8')
    .replace(/^revision: .*$/m, `revision: ${revision}`)
    .replace(/^codeDigest: .*\n/m, '')
    .concat(`codeDigest: ${digest}\n`);
}

/** The code a gated cluster renders with: what platform.yaml's revision must hold for the fast path. */
const GENERATOR_PATHS = ['lib', 'platform', 'package-lock.json', 'tsconfig.json'];

/**
 * Records, in a copy, the code this process runs (this repository's working tree, uncommitted edits included)
 * as a commit of the copy (`refs/fixture/generator`, outside its branch) and sets every gated cluster's
 * platform revision to it: a frozen fixture then renders its gated clusters in process whatever platform
 * revision this repository's own production is at. test/release/platform-revision.test.ts covers the worktree.
 */
export function recordRunningGenerator(dir: string): string {
  const index = join(dir, '.git', 'generator-index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('--work-tree', REPO_ROOT, 'add', '--', ...GENERATOR_PATHS);
  const tree = git('write-tree');
  const commit = git(
    ...['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit-tree', tree, '-m', 'the generator'],
  );
  git('update-ref', 'refs/fixture/generator', commit);
  rmSync(index, { force: true });
  for (const entry of readdirSync(join(dir, 'clusters'), { withFileTypes: true })) {
    const lock = join(dir, 'clusters', entry.name, 'platform.yaml');
    if (!entry.isDirectory() || !existsSync(lock)) continue;
    writeFileSync(lock, lockAtRevision(dir, lock, entry.name.replace(/\.promoted$/, ''), commit));
  }
  return commit;
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  'charts-pull': chartsPullCommand,
  check: checkCommand,
  'cluster-new': clusterNewCommand,
  converge: convergeCommand,
  diff: diffCommand,
  'local-down': localDownCommand,
  'local-up': localUpCommand,
  'events-load-test': eventsLoadTestCommand,
  'pipeline-target': pipelineTargetCommand,
  promote: promoteCommand,
  'promotion-gate': promotionGateCommand,
  release: releaseCommand,
  rightsize: rightsizeCommand,
  'schemas-pull': schemasPullCommand,
  synth: synthCommand,
  validate: validateCommand,
};

/** Every command of lib/cli/commands, by the name of its entry file lib/cli/<name>.ts. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/**
 * Runs one of the CLI commands (`lib/cli/<name>.ts`) in this process with `cwd` as the repository root: the
 * same command function, flag parsing and error reporting as the real CLI, without a process start (about
 * 2 s each). A command imports the project's TypeScript, so a copy's apps/ or clusters/ must not change
 * between two runs in the same copy (the module cache keeps the first); use spawnCli for that.
 */
export async function runCli(
  cwd: string,
  command: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  const run = COMMANDS[command];
  if (run === undefined) throw new Error(`no command "${command}" in lib/cli/commands`);
  return runCommandIn(cwd, run, args, env);
}

/** Runs any Command (the infra ones too) in-process with captured output. */
export async function runCommandIn(
  cwd: string,
  run: Command,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const status = await executeCommand(run, {
    root: cwd,
    args,
    env,
    write: (text) => (stdout += text),
    log: (line) => (stdout += `${line}\n`),
    writeError: (text) => (stderr += text),
    error: (line) => (stderr += `${line}\n`),
  });
  return { status, stdout, stderr };
}

/** Runs one of the CLI commands as npm does: a real `tsx lib/cli/<name>.ts` process inside `cwd`. */
export function spawnCli(
  cwd: string,
  command: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): CommandResult {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [join('lib', 'cli', `${command}.ts`), ...args], { cwd, encoding: 'utf8', env });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** spawnCli without waiting: for commands that must run at the same time. */
export function spawnCliAsync(
  cwd: string,
  command: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult & { readonly signal: NodeJS.Signals | null }> {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tsx, [join('lib', 'cli', `${command}.ts`), ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ status: code ?? -1, stdout, stderr, signal }));
  });
}

/** Commits everything in `dir` (a copy is a git repository already, see copyRepository). */
export function gitInit(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', 'initial');
}
