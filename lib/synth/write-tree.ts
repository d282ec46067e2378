import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
