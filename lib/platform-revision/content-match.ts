import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { blobsAt } from './git';

/**
 * Whether the files under `paths` of the code in `codeRoot` (as they are on disk, uncommitted edits and
 * untracked files included) are exactly the files under those paths at `revision` of the repository in
 * `gitRoot`: same paths, same bytes (compared as git blob ids). Symbolic links on the way are followed.
 */
export function contentMatchesRevision(
  codeRoot: string,
  gitRoot: string,
  revision: string,
  paths: readonly string[],
): boolean {
  return sameBlobs(workingBlobs(codeRoot, paths), blobsAt(gitRoot, revision, paths));
}

/** Whether two sets of files (repository path -> git blob id) hold the same paths with the same bytes. */
export function sameBlobs(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, blob]) => b.get(path) === blob);
}

/**
 * A digest of a set of files given as repository path -> git blob id: the same for the files of a revision
 * (blobsAt) and for identical files on disk (workingBlobs), with no git history needed for the latter.
 */
export function codeDigest(blobs: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...blobs.keys()].sort()) hash.update(`${path} ${blobs.get(path)}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** The git blob ids of the files under `paths` of `root` as they are on disk. */
export function workingBlobs(root: string, paths: readonly string[]): Map<string, string> {
  return new Map([...workingFiles(root, paths)].map(([path, full]) => [path, blobId(readFileSync(full))]));
}

/** `git hash-object` of a file's bytes. */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Every file under `paths` of `root`, repository path -> absolute path. */
function workingFiles(root: string, paths: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of paths) {
    const full = join(root, path);
    if (!existsSync(full)) continue;
    if (statSync(full).isFile()) {
      files.set(path, full);
      continue;
    }
    for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      files.set(`${path}/${relative(full, file).split('\\').join('/')}`, file);
    }
  }
  return files;
}
