import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
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
