import { resolveChartsDir } from '../../lib/validate/charts-dir';
import { REPO_ROOT } from './repo-copy';

/** The chart reference folder the product itself uses (`CHARTS_DIR`, else `../shared/charts`). */
export const CHARTS_DIR = resolveChartsDir(REPO_ROOT, process.env);
