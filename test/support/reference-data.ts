import { existsSync } from 'node:fs';
import path from 'node:path';
import { PULLED_CHARTS_DIR, resolveChartsDir } from '../../lib/validate/charts-dir';
import { exportedChartPins } from '../../lib/validate/helm-values/pinned-charts';
import { pullChartReferences } from '../../lib/validate/helm-values/pull-chart-references';
import { PULLED_SCHEMA_DIR, resolveSchemaDir } from '../../lib/validate/schema-dir';
import { pullSchemas } from '../../lib/validate/schemas-pull/pull-schemas';

/**
 * The suites read upstream reference data: Kubernetes and CRD schemas, and Helm chart values. On these
 * machines they sit next to the repository (../shared); on a fresh clone elsewhere they are fetched once into
 * .cache/ (SCHEMA_DIR and CHARTS_DIR still win), and where that is impossible the run stops with one message
 * saying what to do, instead of dozens of failing tests.
 */
export async function ensureReferenceData(root: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const notes: string[] = [];
  const schemaDir = resolveSchemaDir(root, undefined, env);
  if (!existsSync(path.join(schemaDir, 'kubernetes'))) {
    if (env.SCHEMA_DIR) throw new Error(`SCHEMA_DIR=${env.SCHEMA_DIR} has no kubernetes/ folder of schemas`);
    try {
      await pullSchemas({
        targetDir: path.join(root, PULLED_SCHEMA_DIR),
        timeoutMs: 20_000,
        ...(env.SCHEMAS_KUBERNETES_BASE_URL ? { kubernetesBaseUrl: env.SCHEMAS_KUBERNETES_BASE_URL } : {}),
        ...(env.SCHEMAS_CRDS_BASE_URL ? { crdsBaseUrl: env.SCHEMAS_CRDS_BASE_URL } : {}),
      });
      notes.push(`fetched the Kubernetes and CRD schemas into ${PULLED_SCHEMA_DIR} (once; later runs reuse them)`);
    } catch (error) {
      throw new Error(
        `The tests need the Kubernetes and CRD schemas: there is no ../shared/schemas next to the repository and ` +
          `fetching them into ${PULLED_SCHEMA_DIR} failed (${(error as Error).message}). With network, run ` +
          '`npm run schemas:pull`; otherwise set SCHEMA_DIR to a folder with the shared/schemas layout.',
        { cause: error },
      );
    }
  }
  const chartsDir = resolveChartsDir(root, env);
  if (!existsSync(chartsDir)) {
    if (env.CHARTS_DIR) throw new Error(`CHARTS_DIR=${env.CHARTS_DIR} does not exist`);
    try {
      pullChartReferences({ targetDir: path.join(root, PULLED_CHARTS_DIR), pins: await exportedChartPins(root), env });
      notes.push(`fetched the chart reference data into ${PULLED_CHARTS_DIR} with helm (once)`);
    } catch (error) {
      throw new Error(
        `The tests need Helm chart reference data: there is no ../shared/charts next to the repository and ` +
          `fetching it into ${PULLED_CHARTS_DIR} with helm failed (${(error as Error).message}). With network and ` +
          'helm, run `npm run charts:pull`; otherwise set CHARTS_DIR to a folder with the shared/charts layout.',
        { cause: error },
      );
    }
  }
  return notes;
}
