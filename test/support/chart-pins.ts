import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportedChartPins as pinsIn,
  repositoryFiles as filesIn,
  type ChartPinValue,
} from '../../lib/validate/helm-values/pinned-charts';
import { REPO_ROOT } from './repo-copy';

export type { ChartPinValue };

/** Every file of this repository without dependencies, output and tests (see lib/validate/helm-values). */
export const repositoryFiles = (root: string = REPO_ROOT): string[] => filesIn(root);

/** The chart pins this repository's code really uses (see lib/validate/helm-values/pinned-charts.ts). */
export const exportedChartPins = (root: string = REPO_ROOT): Promise<ChartPinValue[]> => pinsIn(root);

/** A chart repository written as a string literal in source code: where a pin may hide from Renovate. */
export interface RepositoryLiteral {
  readonly file: string;
  readonly line: number;
  readonly repoURL: string;
}

const REPO_URL_LITERAL = /\brepoURL\s*:\s*(['"`])([^'"`]+)\1/g;

/** Every `repoURL: '<literal>'` in a TypeScript file's text. */
export function repositoryLiterals(file: string, text: string): RepositoryLiteral[] {
  return [...text.matchAll(REPO_URL_LITERAL)].map((match) => ({
    file,
    line: text.slice(0, match.index).split('\n').length,
    repoURL: match[2]!,
  }));
}

/** Every such literal of the repository's TypeScript sources (tests excluded). */
export function sourceRepositoryLiterals(root: string = REPO_ROOT): RepositoryLiteral[] {
  return repositoryFiles(root)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => repositoryLiterals(file, readFileSync(join(root, file), 'utf8')));
}
