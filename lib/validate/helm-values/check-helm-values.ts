import { CHART_RULES, type ChartRules } from './chart-rules';
import { coalesceValues } from './helm-merge';
import type { HelmRelease } from './helm-releases';
import { checkKeys, type KeyFinding } from './key-check';
import { formatKeyPath, isMap, parseKeyPath } from './key-path';
import type { ChartReference, ChartReferenceStore } from './reference-data';
import { valuesSchemaProblems } from './values-schema';

/** The part of a release the check reads. */
export type CheckedRelease = Pick<HelmRelease, 'cluster' | 'chart' | 'version' | 'values'>;

/**
 * Checks the values of Helm releases against their charts' reference data: every key path must be a key of
 * the chart's values.yaml (or of a subchart with reference values, below an open map, or an allowance of
 * chart-rules.ts), and the values merged over the chart's defaults must pass its values.schema.json where it
 * has one. Returns one message per problem, naming the chart and the cluster; none when all is well.
 */
export function checkHelmReleases(
  releases: readonly CheckedRelease[],
  store: ChartReferenceStore,
  rules: Readonly<Record<string, ChartRules>> = CHART_RULES,
): string[] {
  return releases.flatMap((release) => checkHelmRelease(release, store, rules));
}

export function checkHelmRelease(
  release: CheckedRelease,
  store: ChartReferenceStore,
  rules: Readonly<Record<string, ChartRules>> = CHART_RULES,
): string[] {
  const subject = `chart ${release.chart}, cluster ${release.cluster}`;
  const chartRules = rules[release.chart];
  if (chartRules === undefined) {
    return [
      `${subject}: no rules for ${release.chart} in lib/validate/helm-values/chart-rules.ts; add its open maps (the maps the chart renders whole) there`,
    ];
  }
  const lookup = store.lookup(release.chart, release.version, chartRules);
  if (!lookup.ok) return [`${subject}: ${lookup.problem}`];
  const reference = lookup.reference;

  const keyFindings = checkKeys({
    values: release.values,
    known: withAllowances(knownKeys(reference, chartRules.valuesRoot), chartRules, reference.folder),
    openMaps: chartRules.openMaps.map(parseKeyPath),
    opaqueSubcharts: new Map(
      reference.subcharts
        .filter((subchart) => subchart.reference === undefined)
        .map((subchart) => [subchart.key, `${subchart.name} ${subchart.version}`]),
    ),
  });
  const messages = keyFindings.map((finding) => `${subject}: ${describeKeyFinding(finding, reference)}`);

  if (reference.schema !== undefined) {
    const merged = coalesceValues(chartDefaults(reference), release.values);
    for (const problem of valuesSchemaProblems(reference.schema, merged)) {
      const expected = problem.expected === undefined ? '' : `; expected ${problem.expected}`;
      messages.push(
        `${subject}: values.schema.json (reference ${reference.version}) rejects ${problem.path}: ${problem.message}${expected}`,
      );
    }
  }
  return messages;
}

function describeKeyFinding(finding: KeyFinding, reference: ChartReference): string {
  const key = formatKeyPath(finding.path);
  const where = `the chart's values.yaml (${referenceLabel(finding.path, reference)})`;
  switch (finding.kind) {
    case 'unknown': {
      const hint = finding.suggestion === undefined ? '' : `; did you mean ${formatKeyPath(finding.suggestion)}?`;
      return `key ${key} is not in ${where}${hint}`;
    }
    case 'subchart':
      return `key ${key} is not in ${where} and belongs to subchart ${finding.subchart}, whose values are not in the reference data`;
    case 'shape':
      return `key ${key} is a ${finding.actual} but ${where} has a ${finding.expected} there`;
  }
}

/** `reference 88.5.3`, or `reference 88.5.3, subchart grafana 12.11.1` for a key of a subchart. */
function referenceLabel(path: readonly string[], reference: ChartReference): string {
  const subchart = reference.subcharts.find((candidate) => candidate.key === path[0] && candidate.reference);
  const base = `reference ${reference.version}`;
  return subchart?.reference === undefined ? base : `${base}, subchart ${subchart.name} ${subchart.reference.version}`;
}

/**
 * Every key the chart knows: its values.yaml (below `valuesRoot` where the chart keeps its defaults there), with
 * each subchart's values.yaml under the subchart's key.
 */
function knownKeys(reference: ChartReference, valuesRoot?: string): Record<string, unknown> {
  const { [valuesRoot ?? '']: nested, ...rest } = reference.values;
  const tree: Record<string, unknown> =
    valuesRoot !== undefined && isMap(nested)
      ? (unionKeys(rest, nested) as Record<string, unknown>)
      : { ...reference.values };
  for (const subchart of reference.subcharts) {
    if (subchart.reference !== undefined) tree[subchart.key] = unionKeys(subchart.reference.values, tree[subchart.key]);
  }
  return tree;
}

/** The defaults Helm starts from: the chart's values.yaml over its subcharts' (as far as they are known). */
function chartDefaults(reference: ChartReference): unknown {
  const subchartDefaults = Object.fromEntries(
    reference.subcharts.flatMap((subchart) =>
      subchart.reference === undefined ? [] : [[subchart.key, subchart.reference.values]],
    ),
  );
  return coalesceValues(subchartDefaults, reference.values);
}

/** Both trees' keys; where both have a key, the second one's value (keys are never removed, unlike Helm's null). */
function unionKeys(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = unionKeys(base[key], value);
  return out;
}

/** The known tree with the path of each allowance for this reference folder added where it is missing. */
function withAllowances(tree: Record<string, unknown>, rules: ChartRules, folder: string): Record<string, unknown> {
  const add = (node: unknown, path: readonly string[]): unknown => {
    if (path.length === 0) return node === undefined ? null : node;
    const map = isMap(node) ? node : {};
    const [key, ...rest] = path as [string, ...string[]];
    return { ...map, [key]: add(map[key], rest) };
  };
  const applicable = rules.allowances.filter((allowance) => allowance.references?.includes(folder) ?? true);
  return applicable.reduce<Record<string, unknown>>(
    (known, allowance) => add(known, parseKeyPath(allowance.path)) as Record<string, unknown>,
    tree,
  );
}
