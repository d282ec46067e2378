import { expect } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyRepository } from '../support/repo-copy';

/** A throwaway copy of the repository (node_modules linked) that a test may change freely. */
export function tempRepo(): { root: string; cleanup: () => void } {
  const root = copyRepository();
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file under apps/, clusters/, lib/ and generated/ with its content, keyed by repository path. */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['apps', 'clusters', 'lib', 'generated']) {
    for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      files.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** The repository paths whose content differs between two snapshots (added, removed or changed), sorted. */
export function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

export function editFile(root: string, path: string, edit: (text: string) => string): void {
  const full = join(root, path);
  writeFileSync(full, edit(readFileSync(full, 'utf8')));
}

export const STAGING_GATEWAY = {
  tag: '1.5.0',
  digest: 'sha256:b27675ff9d51796939779c45aa5b860eb68e1a5eca5edd9e9e6b69f9203ea3bd',
};
export const PRODUCTION_GATEWAY = {
  tag: '1.4.2',
  digest: 'sha256:d642578abb6a0dc08275c3efd5cfcaa82020035c55ee39156fff008321225116',
};

/** Runs a command that must be refused with `message`, and checks it wrote nothing at all. */
export async function expectRefusal(root: string, run: () => Promise<unknown>, message: string): Promise<void> {
  const before = snapshot(root);
  await expect(run()).rejects.toThrow(message);
  expect(changedBetween(before, snapshot(root))).toEqual([]);
}
