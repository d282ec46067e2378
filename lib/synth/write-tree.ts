import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { GeneratedFile } from './synthesize';

/** Every file under `dir` (paths relative to it, forward slashes), sorted; empty when dir does not exist. */
export function readTree(dir: string): GeneratedFile[] {
  if (!existsSync(dir)) return [];
  const files: GeneratedFile[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(dir, full).split('\\').join('/'), content: readFileSync(full, 'utf8') });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Replaces `dir` with exactly `files`: written to a sibling temporary folder first and swapped in with
 * renames, so a failure while writing leaves the old tree as it was and files that are no longer generated
 * disappear.
 */
export function replaceTree(dir: string, files: readonly GeneratedFile[]): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `${basename(dir)}.tmp-${process.pid}`);
  const retired = join(parent, `${basename(dir)}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = join(staging, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    mkdirSync(staging, { recursive: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadTree = existsSync(dir);
  let retiredOld = false;
  try {
    if (hadTree) {
      renameSync(dir, retired);
      retiredOld = true;
    }
    renameSync(staging, dir);
  } catch (error) {
    if (retiredOld) renameSync(retired, dir);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(retired, { recursive: true, force: true });
}

/** What differs between the tree on disk and the wanted files. */
export interface TreeDifference {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly path: string; readonly before: string; readonly after: string }[];
}

export function compareTree(existing: readonly GeneratedFile[], wanted: readonly GeneratedFile[]): TreeDifference {
  const before = new Map(existing.map((file) => [file.path, file.content]));
  const after = new Map(wanted.map((file) => [file.path, file.content]));
  return {
    added: [...after.keys()].filter((path) => !before.has(path)),
    removed: [...before.keys()].filter((path) => !after.has(path)),
    changed: [...after.entries()]
      .filter(([path, content]) => before.has(path) && before.get(path) !== content)
      .map(([path, content]) => ({ path, before: before.get(path)!, after: content })),
  };
}
