import { execFileSync } from 'node:child_process';

/**
 * The files under `paths` (relative to the repository root) that differ from what git has committed:
 * modified, staged, deleted or untracked, sorted. Undefined when `root` is not inside a git work tree (nothing
 * is committed there to compare with).
 */
export function uncommittedFiles(root: string, paths: readonly string[]): string[] | undefined {
  let output: string;
  try {
    output = execFileSync(
      'git',
      ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...paths],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch {
    return undefined;
  }
  // Each entry is "XY <path>", NUL-terminated; paths are relative to the repository root, not to cwd.
  const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' }).trim();
  return output
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3))
    .map((path) => (prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path))
    .sort();
}

/** Whether `path` (relative to the root) is a file git tracks; false outside a git work tree. */
export function isTracked(root: string, path: string): boolean {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', '--', path], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
