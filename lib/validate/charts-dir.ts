import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run charts:pull` writes (gitignored with the rest of .cache/). */
export const PULLED_CHARTS_DIR = path.join('.cache', 'charts');

/**
 * Where the Helm chart reference data is (each chart's values.yaml, values.schema.json and Chart.yaml, one
 * folder per chart): `CHARTS_DIR`, else `../shared/charts` next to the repository, else `.cache/charts` when
 * `npm run charts:pull` filled it (as the schemas do). The data is read, never copied into the project.
 */
export function resolveChartsDir(root: string, env: NodeJS.ProcessEnv): string {
  const chosen = env.CHARTS_DIR === undefined || env.CHARTS_DIR === '' ? undefined : env.CHARTS_DIR;
  if (chosen !== undefined) return path.resolve(root, chosen);
  const shared = path.resolve(root, '..', 'shared', 'charts');
  const pulled = path.resolve(root, PULLED_CHARTS_DIR);
  return !existsSync(shared) && existsSync(pulled) ? pulled : shared;
}
