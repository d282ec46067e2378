import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { GeneratedFile } from './synthesize';

/**
 * Every file under `dir` (paths relative to it, forward slashes), sorted; empty when dir does not exist.
 * A symbolic link is listed too, with a content no generated file has, so a comparison with what synth
 * writes (only plain files) always shows it: a link under generated/ can never pass `synth --check`.
 */
export function readTree(dir: string): GeneratedFile[] {
  if (!existsSync(dir)) return [];
  const files: GeneratedFile[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split('\\').join('/');
    if (entry.isSymbolicLink()) files.push({ path, content: `<symbolic link to ${readlinkSync(full)}>\n` });
    else if (entry.isFile()) files.push({ path, content: readFileSync(full, 'utf8') });
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
