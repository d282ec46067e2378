import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatReleasePins, type ReleasePins } from '../model/release-pins';
import { type Project, releasePinsPath } from '../project/load';
import { GENERATED_DIR, generateTree } from '../synth/generate';
import type { GeneratedFile } from '../synth/synthesize';
import { compareTree, readTree, replaceTree, type TreeDifference } from '../synth/write-tree';

/** A cluster's new release pins with everything they change, computed in memory; nothing is written yet. */
export interface PinChange {
  readonly cluster: string;
  /** `clusters/<cluster>.releases.yaml`, relative to the repository root. */
  readonly pinsFile: string;
  readonly pinsContent: string;
  /** The complete wanted content of `generated/<cluster>/` (paths relative to it). */
  readonly files: readonly GeneratedFile[];
  /** What differs from `generated/<cluster>/` on disk. */
  readonly difference: TreeDifference;
  /** Every file the change writes, relative to the repository root, sorted. */
  readonly changedPaths: readonly string[];
}

/**
 * Regenerates one cluster with new pins, in memory. Throws (ConfigError/ConfigErrors) when the project with
 * these pins cannot be generated, before anything is written.
 */
export async function planPinChange(project: Project, cluster: string, pins: ReleasePins): Promise<PinChange> {
  const pinsFile = releasePinsPath(cluster);
  const changed: Project = {
    ...project,
    clusters: project.clusters.map((loaded) => (loaded.definition.name === cluster ? { ...loaded, pins } : loaded)),
  };
  const prefix = `${cluster}/`;
  const files = generateTree(changed, { clusters: [cluster] })
    .filter((file) => file.path.startsWith(prefix))
    .map((file) => ({ path: file.path.slice(prefix.length), content: file.content }));
  const outDir = join(project.root, GENERATED_DIR, cluster);
  const difference = compareTree(readTree(outDir), files);
  const pinsContent = formatReleasePins(cluster, pins);
  const pinsChanged = readFileSync(join(project.root, pinsFile), 'utf8') !== pinsContent;
  const generated = [...difference.added, ...difference.removed, ...difference.changed.map((change) => change.path)];
  return {
    cluster,
    pinsFile,
    pinsContent,
    files,
    difference,
    changedPaths: [
      ...(pinsChanged ? [pinsFile] : []),
      ...generated.map((path) => `${GENERATED_DIR}/${cluster}/${path}`).sort(),
    ],
  };
}

/**
 * Writes a planned change: the pin file (temporary file + rename) and `generated/<cluster>/` (swapped in
 * whole). If the tree cannot be written the pin file is put back, so either both change or neither does.
 */
export function writePinChange(root: string, change: PinChange): void {
  const pinsPath = join(root, change.pinsFile);
  const previous = readFileSync(pinsPath, 'utf8');
  writeFileAtomic(pinsPath, change.pinsContent);
  try {
    const { added, removed, changed } = change.difference;
    if (added.length + removed.length + changed.length > 0) {
      replaceTree(join(root, GENERATED_DIR, change.cluster), change.files);
    }
  } catch (error) {
    writeFileAtomic(pinsPath, previous);
    throw error;
  }
}

/** Writes a file through a temporary sibling and a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
