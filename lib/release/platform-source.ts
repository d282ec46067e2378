import { ConfigError } from '../errors';
import type { PlatformLock } from '../model/platform-lock';
import { type LoadedCluster, platformLockPath, type Project } from '../project/load';
import { blobsAt, headCommit, isGitWorkTree } from '../platform-revision/git';
import { codeDigest, contentMatchesRevision, sameBlobs } from '../platform-revision/content-match';
import { CODE_ROOT, rendererPaths } from '../platform-revision/renderer-paths';
import { uncommittedFiles } from './git-status';
import { platformLockAtRef } from './pins-at-ref';

/** A gated cluster's platform revision before and after a promotion. */
export interface PlatformUpdate {
  /** undefined when the cluster had none recorded. */
  readonly before?: PlatformLock;
  readonly after: PlatformLock;
}

/**
 * What a platform promotion changes: nothing when the new revision's generator and platform code (every file
 * under the renderer paths) is the recorded revision's, even if the commits differ (a merge after the last
 * platform promotion), so promoting an identical platform writes nothing.
 */
export function platformUpdate(project: Project, target: LoadedCluster, promoted: PlatformLock): PlatformUpdate {
  const paths = rendererPaths(project.root, target.file);
  const afterBlobs = blobsAt(project.root, promoted.revision, paths);
  // Recorded with the revision, so that a clone without the commit can still check it (lib/model/platform-lock.ts).
  const after: PlatformLock = { revision: promoted.revision, from: promoted.from, codeDigest: codeDigest(afterBlobs) };
  const before = target.platform;
  if (before === undefined) return { after };
  if (before.revision === after.revision || before.from !== after.from) return { before, after };
  const beforeBlobs = blobsAt(project.root, before.revision, paths);
  const unchanged = sameBlobs(beforeBlobs, afterBlobs);
  return { before, after: unchanged ? { ...after, revision: before.revision } : after };
}

/**
 * The platform revision a promotion gives `target`: what `source` renders with (HEAD's code for an ungated
 * source, which must then have no uncommitted changes; a gated source's own promoted revision), or the
 * target's own revision at `fromRef` (rollback).
 */
export function platformToPromote(
  project: Project,
  target: LoadedCluster,
  source: LoadedCluster | undefined,
  fromRef: string | undefined,
): PlatformLock {
  const name = target.definition.name;
  if (target.definition.promotion === undefined) {
    throw new ConfigError(
      { file: target.file, cluster: name, field: '--platform' },
      'the cluster is not gated: it renders with the generator of the working tree; --platform applies to clusters with "promotion"',
    );
  }
  if (fromRef !== undefined) {
    const lock = platformLockAtRef(project.root, name, fromRef);
    if (lock === undefined) {
      throw new ConfigError(
        { file: `${platformLockPath(name)}@${fromRef}`, cluster: name, field: '--platform' },
        'no platform revision at that git ref; roll back to a later ref, or promote the platform from the source cluster',
      );
    }
    return lock;
  }
  if (source === undefined) {
    throw new ConfigError({ cluster: name, field: '--platform' }, 'needs --from <cluster> or --from-ref <git ref>');
  }
  const sourceName = source.definition.name;
  if (source.definition.promotion !== undefined) {
    if (source.platform === undefined) {
      throw new ConfigError(
        { file: platformLockPath(sourceName), cluster: sourceName, field: '--platform' },
        'no platform revision to promote: the source cluster is gated and its platform has not been promoted yet',
      );
    }
    return { revision: source.platform.revision, from: sourceName };
  }
  const paths = rendererPaths(project.root, target.file);
  const dirty = isGitWorkTree(project.root) ? uncommittedFiles(project.root, paths) : undefined;
  if (dirty === undefined) {
    throw new ConfigError(
      { cluster: name, field: '--platform' },
      `${project.root} is not a git work tree: a platform promotion records a commit; run it in a git clone`,
    );
  }
  if (dirty.length > 0) {
    const shown = dirty.length > 10 ? [...dirty.slice(0, 10), `and ${dirty.length - 10} more`] : dirty;
    throw new ConfigError(
      { cluster: name, field: '--platform' },
      `${sourceName} renders with the code of the working tree, but ${shown.join(', ')} differ from HEAD; a platform promotion records a commit, so commit them (through a reviewed pull request) or set them aside (git stash), then promote again`,
    );
  }
  const head = headCommit(project.root);
  if (!contentMatchesRevision(CODE_ROOT, project.root, head, paths)) {
    throw new ConfigError(
      { cluster: name, field: '--platform' },
      `${sourceName} renders with the code this command runs, which is not the code of HEAD (${head.slice(0, 12)}) under ${paths.join(', ')}; run the promotion from a clean checkout of the commit to promote`,
    );
  }
  return { revision: head, from: sourceName };
}
