import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-copy';

/**
 * The apps of this repository as they are today (folders under apps/), for tests that run against the
 * real repository: adding an app must not break them.
 */
export const REPOSITORY_APPS: readonly string[] = readdirSync(join(REPO_ROOT, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
