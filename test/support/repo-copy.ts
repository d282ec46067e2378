import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Everything a command needs to run from a copy of this repository (node_modules is linked, not copied). */
const COPIED = ['apps', 'argocd', 'clusters', 'lib', 'platform', 'generated', 'package.json', 'tsconfig.json'];

/** A throw-away copy of the repository, so commands can be run and their file changes observed. */
export function copyRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-repo-'));
  for (const entry of COPIED) {
    try {
      cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the CLI commands (`lib/cli/<name>.ts`) with tsx inside `cwd`. */
export function runCli(cwd: string, command: string, args: readonly string[] = []): CommandResult {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [join('lib', 'cli', `${command}.ts`), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Initialises a git repository in `dir` with everything committed. */
export function gitInit(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'initial');
}
