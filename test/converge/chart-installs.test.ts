import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import jsYaml from 'js-yaml';
import { parse } from 'yaml';
import { CHART_CATALOG } from '../../lib/converge/chart-catalog';
import { CHART_RULES } from '../../lib/validate/helm-values/chart-rules';
import { resolveSchemaDir } from '../../lib/validate/schema-dir';
import { exportedChartPins } from '../support/chart-pins';
import { CHARTS_DIR } from '../support/charts';
import { REPO_ROOT } from '../support/repo-copy';

/**
 * The CRDs a chart ships, from its reference data: `crd-versions.txt`, else the manifests in `crds/`. cert-manager's
 * reference has values only; its CRDs are checked against the schema catalog's cert-manager groups (file names
 * are lower case there, so kinds compare case-insensitively).
 */
function referenceCrds(chart: string): { crds: string[]; caseInsensitive: boolean } {
  const dir = join(CHARTS_DIR, referenceFolder(chart));
  const versions = join(dir, 'crd-versions.txt');
  if (existsSync(versions)) {
    const crds = readFileSync(versions, 'utf8')
      .split('\n')
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => line.split(':')[0]!.trim());
    return { crds, caseInsensitive: false };
  }
  if (existsSync(join(dir, 'crds'))) {
    const crds = readdirSync(join(dir, 'crds')).map((file) => {
      const crd = parse(readFileSync(join(dir, 'crds', file), 'utf8')) as {
        spec: { group: string; names: { kind: string } };
      };
      return `${crd.spec.group}/${crd.spec.names.kind}`;
    });
    return { crds, caseInsensitive: false };
  }
  // Istio's base chart renders its CRDs from files/crd-all.gen.yaml, which the reference data does not hold; the
  // schema catalog's comparison lists the CRDs of that release.
  if (chart === 'base') {
    const comparison = readFileSync(join(CHARTS_DIR, '..', 'schemas', 'CRD-VERSION-COMPARISON.txt'), 'utf8');
    const section = comparison.slice(comparison.indexOf('## istio base')).split('\n## ')[0]!;
    const crds = section
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/).slice(0, 2).join('/'));
    return { crds, caseInsensitive: false };
  }
  if (chart === 'cert-manager') {
    const schemas = join(resolveSchemaDir(REPO_ROOT, undefined, process.env), 'crds');
    const crds = ['cert-manager.io', 'acme.cert-manager.io'].flatMap((group) =>
      readdirSync(join(schemas, group)).map((file) => `${group}/${file.split('_')[0]}`),
    );
    return { crds, caseInsensitive: true };
  }
  return { crds: [], caseInsensitive: false };
}

/** The chart's reference folder (Istio's `base` is `istio-base/`). */
function referenceFolder(chart: string): string {
  return CHART_RULES[chart]?.referenceFolder ?? chart;
}

const sorted = (values: readonly string[], lower: boolean) =>
  [...new Set(values.map((value) => (lower ? value.toLowerCase() : value)))].sort();

describe('chart install tables', () => {
  it('exist for every chart pin the code uses', async () => {
    const pins = await exportedChartPins();
    expect(pins.map((pin) => pin.chart).filter((chart) => !CHART_CATALOG.has(chart))).toEqual([]);
  });

  it.each([...CHART_CATALOG.keys()])("%s: the table's CRDs are the chart's own (reference data)", (chart) => {
    const table = CHART_CATALOG.get(chart)!;
    const reference = referenceCrds(chart);
    expect(sorted(table.allCrds, reference.caseInsensitive)).toEqual(sorted(reference.crds, reference.caseInsensitive));
    // With the chart's default values it installs only CRDs it has.
    // js-yaml: several times faster than `yaml` on the big charts' values (kube-prometheus-stack).
    const values = jsYaml.load(readFileSync(join(CHARTS_DIR, referenceFolder(chart), 'values.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const installs = table.installs({ namespace: 'default', releaseName: chart, values });
    for (const crd of installs.crds) expect(table.allCrds).toContain(crd);
  });
});
