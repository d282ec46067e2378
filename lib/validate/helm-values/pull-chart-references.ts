import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../errors';
import { CHART_RULES, type ChartRules } from './chart-rules';
import type { ChartPinValue } from './pinned-charts';

/** The files of a chart the values check reads (values.schema.json only where the chart ships one). */
const REFERENCE_FILES = ['Chart.yaml', 'values.yaml', 'values.schema.json'];

export interface PullChartReferencesOptions {
  /** Folder to fill with `<chart>/` (and each subchart folder chart-rules.ts names); replaced only on success. */
  readonly targetDir: string;
  readonly pins: readonly ChartPinValue[];
  /** @default CHART_RULES */
  readonly rules?: Readonly<Record<string, ChartRules>>;
  /** The helm binary. @default 'helm' */
  readonly helm?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Where there is network (GitHub Actions), fills a charts folder with the same layout as ../shared/charts from
 * each pinned chart itself (`helm pull --untar` at the pinned version): values are then checked against the very
 * version that ships. Subcharts with reference folders (ChartRules.subcharts) come from the chart's `charts/`.
 */
export function pullChartReferences(options: PullChartReferencesOptions): { readonly charts: number } {
  const rules = options.rules ?? CHART_RULES;
  const work = mkdtempSync(path.join(tmpdir(), 'charts-pull-'));
  const staged = path.join(work, 'charts');
  try {
    for (const pin of options.pins) {
      const untarDir = path.join(work, 'untar', pin.chart);
      // A repoURL without a scheme is an OCI registry (as Argo CD reads it): helm pulls oci://<registry>/<chart>.
      const source = /^[a-z]+:\/\//.test(pin.repoURL)
        ? [pin.chart, '--repo', pin.repoURL]
        : [`oci://${pin.repoURL}/${pin.chart}`];
      const args = ['pull', ...source, '--version', pin.version, '--untar', '--untardir'];
      const result = spawnSync(options.helm ?? 'helm', [...args, untarDir], { encoding: 'utf8', env: options.env });
      if (result.error !== undefined || result.status !== 0) {
        const reason = result.error?.message ?? (result.stderr.trim() || `exit ${result.status}`);
        throw new ConfigError(
          { field: pin.chart },
          `helm pull ${pin.chart} ${pin.version} from ${pin.repoURL} failed: ${reason}`,
        );
      }
      const chartDir = path.join(untarDir, pin.chart);
      copyReference(chartDir, path.join(staged, rules[pin.chart]?.referenceFolder ?? pin.chart), pin);
      for (const [key, folder] of Object.entries(rules[pin.chart]?.subcharts ?? {})) {
        copyReference(path.join(chartDir, 'charts', key), path.join(staged, folder), pin);
      }
    }
    rmSync(options.targetDir, { recursive: true, force: true });
    mkdirSync(path.dirname(options.targetDir), { recursive: true });
    renameSync(staged, options.targetDir);
    return { charts: options.pins.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function copyReference(from: string, to: string, pin: ChartPinValue): void {
  if (!existsSync(path.join(from, 'values.yaml'))) {
    throw new ConfigError({ field: pin.chart }, `${pin.chart} ${pin.version}: no values.yaml in ${from}`);
  }
  mkdirSync(to, { recursive: true });
  for (const file of REFERENCE_FILES) {
    if (existsSync(path.join(from, file))) copyFileSync(path.join(from, file), path.join(to, file));
  }
}
