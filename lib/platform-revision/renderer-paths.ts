import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { byCodePoint } from '../order';

/** The repository root of the code running in this process (this file is lib/platform-revision/...). */
export const CODE_ROOT = resolve(import.meta.dirname, '../..');

/** Where rendering starts: the synth command. Cluster files add the modules they import (lib/index.ts). */
const SYNTH_ENTRY = 'lib/cli/synth.ts';
/** What fixes the npm packages and the TypeScript transform the rendering code runs with. */
const TOOLCHAIN_FILES = ['package-lock.json', 'tsconfig.json'];
/** Inputs of a gated cluster, taken from HEAD, never part of the renderer. */
const INPUT_FOLDERS = new Set(['apps', 'clusters']);

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/**
 * The top-level paths of the repository whose content decides what a gated cluster renders to: every
 * top-level folder holding a module that the synth command or the cluster file reaches through static
 * relative imports (lib/, platform/), plus package-lock.json and tsconfig.json. Derived from the code, not
 * listed by hand, so a new top-level folder the generator imports is gated too. Sorted.
 */
export function rendererPaths(root: string, clusterFile: string): string[] {
  const reached = reachableModules(root, [SYNTH_ENTRY, clusterFile]);
  const tops = new Set<string>();
  for (const file of reached) {
    const top = file.split('/')[0]!;
    if (!INPUT_FOLDERS.has(top)) tops.add(top);
  }
  for (const file of TOOLCHAIN_FILES) if (existsSync(join(root, file))) tops.add(file);
  return [...tops].sort(byCodePoint);
}

/**
 * The files under clusters/ that a cluster file imports (a shared settings module), itself included: inputs
 * a gated cluster takes from HEAD, like the cluster file. Sorted.
 */
export function clusterInputFiles(root: string, clusterFile: string): string[] {
  return reachableModules(root, [clusterFile])
    .filter((file) => file.split('/')[0] === 'clusters')
    .sort(byCodePoint);
}

/** Every local module reachable from `entries` by static relative imports (paths relative to root). */
function reachableModules(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.filter((entry) => existsSync(join(root, entry)));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (!specifier.startsWith('.')) continue;
      const target = resolveModule(root, join(dirname(join(root, file)), specifier));
      if (target !== undefined && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen];
}

function resolveModule(root: string, base: string): string | undefined {
  const candidates = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      const path = relative(root, candidate).split('\\').join('/');
      return path.startsWith('..') ? undefined : path;
    }
  }
  return undefined;
}
