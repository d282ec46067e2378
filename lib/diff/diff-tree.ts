import { type ClusterDiff, diffResources } from './diff-resources';
import { readTreeAt, resolveCommit } from './git';
import { parseResources, readWorkingTree } from './resources';

export const GENERATED_FOLDER = 'generated';
/** Bootstrap Applications (app-of-apps) live here; their prune settings decide what a deletion does. */
export const BOOTSTRAP_FOLDER = 'argocd';

export interface DiffTreeOptions {
  readonly root: string;
  /** A git ref; its `generated/` is compared with the working tree's. */
  readonly base: string;
  readonly environments: Readonly<Record<string, string>>;
}

export interface TreeDiff {
  readonly base: string;
  readonly commit: string;
  readonly clusters: readonly ClusterDiff[];
}

/** Resource-level diff of `generated/` between a git ref and the working tree, per cluster. */
export function diffTree(options: DiffTreeOptions): TreeDiff {
  const commit = resolveCommit(options.root, options.base);
  const before = parseResources(readTreeAt(options.root, commit, GENERATED_FOLDER), `${options.base}`);
  const after = parseResources(readWorkingTree(options.root, GENERATED_FOLDER), 'working tree');
  const bootstrap = [
    ...parseResources(readTreeAt(options.root, commit, BOOTSTRAP_FOLDER), options.base).values(),
    ...parseResources(readWorkingTree(options.root, BOOTSTRAP_FOLDER), 'working tree').values(),
  ];
  return {
    base: options.base,
    commit,
    clusters: diffResources(before, after, { environments: options.environments, bootstrap }),
  };
}
