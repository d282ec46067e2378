import { join } from 'node:path';
import { type ResourceChange, diffResources } from '../diff/diff-resources';
import { fieldChanges } from '../diff/field-changes';
import { parseResources } from '../diff/resources';
import type { AppSpec } from '../model/app-spec';
import type { Project } from '../project/load';
import { git } from '../platform-revision/git';
import { rendererPaths } from '../platform-revision/renderer-paths';
import { GENERATED_DIR } from '../synth/generate';
import type { GeneratedFile } from '../synth/synthesize';
import { readTree } from '../synth/write-tree';
import type { PlatformUpdate } from './platform-source';

/** One key of an app's spec that a promotion adds, changes or removes. */
export interface SpecChange {
  /** Dotted path in the spec; list items with a name are addressed by it: `ports[http].port`. */
  readonly path: string;
  readonly status: 'added' | 'changed' | 'removed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** What a promotion changes, beyond the pins: for the summary and the pull-request body. */
export interface PromotionDetails {
  /** Per app whose spec changes, its keys in path order. */
  readonly specChanges: Readonly<Record<string, readonly SpecChange[]>>;
  /** The resource-level diff of generated/<target>/ (lib/diff), every changed object. */
  readonly resources: readonly ResourceChange[];
  /** `git diff --stat` lines of the generator and platform code between the two platform revisions. */
  readonly platformStat: readonly string[];
}

/** The keys of an app's spec that differ, in words a reviewer reads (`resources.memoryLimitMi: 256 -> 512`). */
export function specChanges(before: AppSpec | undefined, after: AppSpec): SpecChange[] {
  const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return fieldChanges(plain(before), plain(after)).map((change) => ({
    path: change.path,
    status: change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'changed',
    ...(change.before === undefined ? {} : { before: change.before }),
    ...(change.after === undefined ? {} : { after: change.after }),
  }));
}

/** The resource-level diff of a cluster's generated/ folder on disk against what a promotion writes. */
export function resourceChanges(
  project: Project,
  cluster: string,
  environment: string,
  files: readonly GeneratedFile[],
): readonly ResourceChange[] {
  const prefix = `${GENERATED_DIR}/${cluster}`;
  const keyed = (list: readonly GeneratedFile[]) =>
    new Map(list.map((file) => [`${prefix}/${file.path}`, file.content]));
  const beforeFiles = keyed(readTree(join(project.root, prefix)));
  const afterFiles = keyed(files);
  // Only files whose content differs can hold a change: parsing the rest (every app of a large cluster) is waste.
  const differing = (from: Map<string, string>, other: Map<string, string>) =>
    new Map([...from].filter(([path, content]) => other.get(path) !== content));
  const before = parseResources(differing(beforeFiles, afterFiles), 'before');
  const after = parseResources(differing(afterFiles, beforeFiles), 'after');
  return diffResources(before, after, { environments: { [cluster]: environment } })[0]?.changes ?? [];
}

/** `git diff --stat` of the renderer paths between two platform revisions (empty when they are the same). */
export function platformStat(project: Project, clusterFile: string, platform: PlatformUpdate | undefined): string[] {
  if (platform?.before === undefined || platform.before.revision === platform.after.revision) return [];
  const paths = rendererPaths(project.root, clusterFile);
  return git(project.root, [
    'diff',
    '--stat=120',
    '--no-color',
    platform.before.revision,
    platform.after.revision,
    '--',
    ...paths,
  ])
    .split('\n')
    .filter((line) => line.trim() !== '');
}
