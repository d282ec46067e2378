import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { formatPlatformLock } from '../model/platform-lock';
import { formatPromotedSpec } from '../model/promoted-spec';
import { formatReleasePins } from '../model/release-pins';
import { type LoadedCluster, type LoadedPlatformLock, platformLockPath } from '../project/load';
import type { FileWrite } from '../transaction/journal';
import { codeDigest, sameBlobs, workingBlobs } from './content-match';
import { blobsAt, hasCommit, isGitWorkTree } from './git';
import { clusterInputFiles, CODE_ROOT, rendererPaths } from './renderer-paths';
import { RENDERING_REVISION_VARIABLE } from './worktree-render';

/** How a cluster is rendered: by the code of this process, or by the generator at its promoted revision. */
export type RenderSource =
  | { readonly kind: 'in-process' }
  | { readonly kind: 'revision'; readonly lock: LoadedPlatformLock; readonly inputs: readonly FileWrite[] };

/**
 * Where a cluster's output comes from. An ungated cluster: this process. A gated one: the generator at its
 * platform revision, which is this process too when the code running here (every file under the renderer
 * paths, uncommitted edits included) is byte for byte that revision's; otherwise a worktree of the revision.
 * Throws a ConfigError when the gated cluster has no usable platform revision.
 */
export function renderSource(root: string, cluster: LoadedCluster): RenderSource {
  const definition = cluster.definition;
  if (definition.promotion === undefined) return { kind: 'in-process' };
  const name = definition.name;
  const from = definition.promotion.from;
  const lock = cluster.platform;
  if (lock === undefined) {
    throw new ConfigError(
      { file: platformLockPath(name), cluster: name },
      `no platform revision: the cluster is gated, so the generator and platform code that render it are promoted too; record what ${from} renders with: npm run promote -- --from ${from} --to ${name} --platform`,
    );
  }
  const paths = rendererPaths(root, cluster.file);
  const running = workingBlobs(CODE_ROOT, paths);
  // Without the commit (a shallow clone), the recorded digest still proves the code here is the revision's.
  if (lock.codeDigest !== undefined && codeDigest(running) === lock.codeDigest) {
    return { kind: 'in-process' };
  }
  if (!isGitWorkTree(root)) {
    throw new ConfigError(
      { file: lock.file, cluster: name, field: 'revision' },
      `${root} is not a git work tree: a gated cluster renders with the generator at a commit of this repository; run this in a git clone`,
    );
  }
  if (!hasCommit(root, lock.revision)) {
    throw new ConfigError(
      { file: lock.file, cluster: name, field: 'revision' },
      `${lock.revision} is not a commit of this repository (in a shallow clone, fetch the history: git fetch --unshallow; in CI: actions/checkout with fetch-depth: 0); to render with what ${from} runs: npm run promote -- --from ${from} --to ${name} --platform`,
    );
  }
  if (sameBlobs(running, blobsAt(root, lock.revision, paths))) {
    return { kind: 'in-process' };
  }
  const rendering = process.env[RENDERING_REVISION_VARIABLE];
  if (rendering !== undefined) {
    // The synth of a worktree must render its own revision in process; anything else would recurse.
    throw new ConfigError(
      { file: lock.file, cluster: name, field: 'revision' },
      `the checkout of platform revision ${rendering.slice(0, 12)} does not match revision ${lock.revision.slice(0, 12)}; delete .cache/gitops/worktrees/ and run this again`,
    );
  }
  return { kind: 'revision', lock, inputs: revisionInputs(root, cluster, lock) };
}

/**
 * The gated cluster's own inputs, from HEAD and as this run holds them (a promotion's new pins and specs
 * included): the cluster file and the clusters/ modules it imports, its pins, promoted specs and platform lock.
 */
function revisionInputs(root: string, cluster: LoadedCluster, lock: LoadedPlatformLock): FileWrite[] {
  const name = cluster.definition.name;
  const files: FileWrite[] = clusterInputFiles(root, cluster.file).map((path) => ({
    path,
    content: readFileSync(join(root, path), 'utf8'),
  }));
  files.push({ path: cluster.pinsFile, content: formatReleasePins(name, cluster.pins) });
  for (const [app, promoted] of Object.entries(cluster.promoted ?? {})) {
    files.push({ path: promoted.file, content: formatPromotedSpec(name, promoted, `apps/${app}/index.ts`) });
  }
  files.push({ path: lock.file, content: formatPlatformLock(name, lock) });
  return files;
}
