import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './repo-copy';

/**
 * Upstream chart reference data (each chart's values.yaml, values.schema.json, Chart.yaml): `CHARTS_DIR`, else
 * `../shared/charts` next to the repository, like the schemas (test/support/schemas.ts). Never copied in.
 */
export const CHARTS_DIR =
  process.env.CHARTS_DIR === undefined || process.env.CHARTS_DIR === ''
    ? path.resolve(REPO_ROOT, '..', 'shared', 'charts')
    : path.resolve(REPO_ROOT, process.env.CHARTS_DIR);

/** One chart's reference data. */
export interface ChartReference {
  /** The version the data was taken from (its Chart.yaml). */
  readonly version: string;
  /** The chart's default values: the tree of keys it knows. */
  readonly values: Record<string, unknown>;
  /** Its values.schema.json, where the chart ships one. */
  readonly schema: Record<string, unknown> | undefined;
}

export function chartReference(chart: string): ChartReference {
  const dir = path.join(CHARTS_DIR, chart);
  if (!existsSync(path.join(dir, 'values.yaml'))) {
    throw new Error(`no chart reference data in ${dir}; set CHARTS_DIR to the folder that holds <chart>/values.yaml`);
  }
  const read = (file: string): string => readFileSync(path.join(dir, file), 'utf8');
  const chartYaml = parse(read('Chart.yaml')) as { version: string };
  const schemaFile = path.join(dir, 'values.schema.json');
  return {
    version: chartYaml.version,
    values: parse(read('values.yaml')) as Record<string, unknown>,
    schema: existsSync(schemaFile) ? (JSON.parse(read('values.schema.json')) as Record<string, unknown>) : undefined,
  };
}
