import { ChartReferenceStore } from '../../lib/validate/helm-values/reference-data';
import { resolveChartsDir } from '../../lib/validate/charts-dir';
import { REPO_ROOT } from './repo-copy';

/** The chart reference folder the product itself uses (`CHARTS_DIR`, else `../shared/charts`). */
export const CHARTS_DIR = resolveChartsDir(REPO_ROOT, process.env);

/**
 * One reference store for the suites (test files share a worker's modules): each chart's values.yaml is
 * parsed, and its values.schema.json compiled (Loki's takes about 3 s), once per worker instead of per file.
 */
export const CHART_REFERENCES = new ChartReferenceStore(CHARTS_DIR);
