import { execFileSync } from 'node:child_process';

/** Runs git in `cwd`; returns stdout, or throws an Error whose message is git's first line of stderr. */
export function git(cwd: string, args: readonly string[], input?: string): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      ...(input === undefined ? {} : { input }),
      // A worktree's GIT_DIR must never leak in from an outer git hook or process.
      env: withoutGitVariables(process.env),
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(stderr.split('\n')[0] || (error as Error).message, { cause: error });
  }
}

/** The environment without the GIT_* variables that would point git at another repository. */
export function withoutGitVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) {
    delete copy[name];
  }
  return copy;
}

/** Whether `cwd` is inside a git work tree. */
export function isGitWorkTree(cwd: string): boolean {
  try {
    return git(cwd, ['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}

/** Whether `revision` names a commit this repository has (no network: only the local object store). */
export function hasCommit(cwd: string, revision: string): boolean {
  try {
    return git(cwd, ['cat-file', '-t', revision]).trim() === 'commit';
  } catch {
    return false;
  }
}

/** The commit HEAD points at (40 hex digits). */
export function headCommit(cwd: string): string {
  return git(cwd, ['rev-parse', '--verify', 'HEAD^{commit}']).trim();
}

/** The blob id of every file under `paths` at `revision`, keyed by repository path. */
export function blobsAt(cwd: string, revision: string, paths: readonly string[]): Map<string, string> {
  const blobs = new Map<string, string>();
  const out = git(cwd, ['ls-tree', '-r', '-z', '--full-tree', revision, '--', ...paths]);
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    // "<mode> <type> <id>\t<path>"
    const tab = entry.indexOf('\t');
    const [, type, id] = entry.slice(0, tab).split(' ');
    blobs.set(entry.slice(tab + 1), type === 'blob' ? id! : `${type}:${id}`);
  }
  return blobs;
}

/** A file's text at a revision (`git show <revision>:<path>`), or undefined when it has none. */
export function fileAt(cwd: string, revision: string, path: string): string | undefined {
  try {
    return git(cwd, ['show', `${revision}:${path}`]);
  } catch {
    return undefined;
  }
}
