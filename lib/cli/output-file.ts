import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../errors';
import { isTracked } from '../release/git-status';

/** Folders of the repository that hold its sources and output: a report is never written into them. */
const PROJECT_FOLDERS = [
  'apps',
  'argocd',
  'clusters',
  'generated',
  'infra',
  'lib',
  'platform',
  'schemas',
  'test',
  '.github',
];

/**
 * Checks a path a command will write a report to (such as `--summary-file`), before any work: its folder
 * exists, it is not a folder, and it is not a file of the repository (tracked by git, or in one of its project
 * folders). Returns the absolute path.
 */
export function checkOutputFile(root: string, flag: string, value: string): string {
  const path = resolve(root, value);
  const fail = (problem: string): never => {
    throw new ConfigError({ field: flag }, `"${value}": ${problem}`);
  };
  if (value === '') fail('missing: the path to write');
  const inRepository = relative(root, path);
  if (inRepository !== '' && !inRepository.startsWith('..') && !isAbsolute(inRepository)) {
    const top = inRepository.split(/[\\/]/)[0]!;
    if (PROJECT_FOLDERS.includes(top) || isTracked(root, inRepository)) {
      fail(
        `is ${PROJECT_FOLDERS.includes(top) ? `in the repository's ${top}/ folder` : 'a file tracked by git'}; ` +
          'write the summary outside the repository (for example "$RUNNER_TEMP/promotion.md") or to an untracked file',
      );
    }
  }
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`folder ${folder} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) fail('is a folder; give the path of a file');
  return path;
}
