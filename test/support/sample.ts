import { appFolders, clusterNames } from '../../lib/project/load';
import { REPO_ROOT } from './repo-copy';

/**
 * The apps of this repository as they are today (folders under apps/), for tests that run against the
 * real repository: adding an app must not break them.
 */
export const REPOSITORY_APPS: readonly string[] = appFolders(REPO_ROOT);

/** The clusters of this repository as they are today (clusters/<name>.ts): adding a cluster must not break tests. */
export const REPOSITORY_CLUSTERS: readonly string[] = clusterNames(REPO_ROOT);
