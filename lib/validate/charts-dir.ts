import path from 'node:path';

/**
 * Where the Helm chart reference data is (each chart's values.yaml, values.schema.json and Chart.yaml, one
 * folder per chart): `CHARTS_DIR`, else `../shared/charts` next to the repository. The data is read, never
 * copied into the project.
 */
export function resolveChartsDir(root: string, env: NodeJS.ProcessEnv): string {
  const chosen = env.CHARTS_DIR === undefined || env.CHARTS_DIR === '' ? undefined : env.CHARTS_DIR;
  return chosen === undefined ? path.resolve(root, '..', 'shared', 'charts') : path.resolve(root, chosen);
}
