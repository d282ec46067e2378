import { execFileSync } from 'node:child_process';
import { ConfigError } from '../errors';

/** Runs git in a repository and returns stdout; a failing command becomes a ConfigError naming it. */
export function git(root: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, {
      cwd: root,
      input,
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new ConfigError({}, `git ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

/** The commit a ref names; ConfigError when it names nothing. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new ConfigError(
      { field: '--base' },
      `"${ref}" is not a commit in this repository (try a branch, tag or SHA)`,
    );
  }
}

/** The default base: where this branch left main (`origin/main` in CI clones, else `main`). */
export function defaultBase(root: string): string {
  for (const candidate of ['origin/main', 'main']) {
    try {
      resolveCommit(root, candidate);
    } catch {
      continue;
    }
    return git(root, ['merge-base', 'HEAD', candidate]).toString('utf8').trim();
  }
  throw new ConfigError({ field: '--base' }, 'no main or origin/main branch to diff against; pass --base <git-ref>');
}

/** Every file below a folder at a commit, with its content (one `git cat-file --batch` for all). */
export function readTreeAt(root: string, commit: string, folder: string): Map<string, string> {
  const names = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', folder])
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '');
  const files = new Map<string, string>();
  if (names.length === 0) return files;
  const output = git(root, ['cat-file', '--batch'], names.map((name) => `${commit}:${name}`).join('\n') + '\n');
  let offset = 0;
  for (const name of names) {
    const headerEnd = output.indexOf(10, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (Number.isNaN(size)) throw new Error(`unexpected git cat-file output for ${name}: ${header}`);
    files.set(name, output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}
