import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ARGOCD_CHART } from '../../../lib/argocd/defaults';
import { CHART_RULES, type ChartRules } from '../../../lib/validate/helm-values/chart-rules';
import { type CheckedRelease, checkHelmReleases } from '../../../lib/validate/helm-values/check-helm-values';
import { helmReleasesIn } from '../../../lib/validate/helm-values/helm-releases';
import { isMap, parseKeyPath } from '../../../lib/validate/helm-values/key-path';
import { ChartReferenceStore } from '../../../lib/validate/helm-values/reference-data';
import { EXTERNAL_DNS_CHART } from '../../../platform/ingress/charts';
import { LOKI_CHART } from '../../../platform/logging/charts';
import { KUBE_PROMETHEUS_STACK_CHART } from '../../../platform/monitoring/charts';
import { EXTERNAL_SECRETS_CHART } from '../../../platform/external-secrets/charts';
import { exportedChartPins } from '../../support/chart-pins';
import { CHART_REFERENCES, CHARTS_DIR } from '../../support/charts';
import { repositoryOutput } from '../../support/repository-output';

const store = CHART_REFERENCES;

/** A field of a reference folder's Chart.yaml (`version`, or a dependency's), as the messages quote it. */
function chartYaml(folder: string): { version: string; dependencies?: { name: string; version: string }[] } {
  const file = join(CHARTS_DIR, folder, 'Chart.yaml');
  if (existsSync(file)) return parse(readFileSync(file, 'utf8')) as never;
  // Values-only reference data (cert-manager): the newest line of versions.txt is the reference version.
  const versions = readFileSync(join(CHARTS_DIR, folder, 'versions.txt'), 'utf8').split('\n');
  return { version: versions.find((line) => line !== '' && !line.startsWith('#'))!.split('\t')[0]! };
}

function release(chart: string, version: string, values: Record<string, unknown>): CheckedRelease {
  return { cluster: 'production', chart, version, values };
}

describe('Helm values against the charts', () => {
  it('every Helm release of every cluster uses only keys its chart has and passes its values.schema.json', async () => {
    const { project, files } = await repositoryOutput();
    const releases = helmReleasesIn(files);
    const clusters = project.clusters.map((cluster) => cluster.definition.name);
    // Argo CD's own release is among them in every cluster, next to the platform's charts.
    for (const cluster of clusters) {
      expect(releases.filter((r) => r.cluster === cluster).map((r) => r.chart)).toContain(ARGOCD_CHART.chart);
    }
    expect([...new Set(releases.map((r) => r.cluster))].sort()).toEqual([...clusters].sort());
    const pinned = (await exportedChartPins()).map((pin) => pin.chart);
    expect([...new Set(releases.map((r) => r.chart))].sort()).toEqual([...new Set(pinned)].sort());

    expect(checkHelmReleases(releases, store)).toEqual([]);
  });

  it('fails on a key the chart does not have, naming the chart, the cluster and the reference version', () => {
    const { version } = chartYaml('kube-prometheus-stack');
    const values = { prometheus: { prometheusSpec: { foo: true, retentoin: '30d', replicas: 2 } } };
    expect(
      checkHelmReleases([release('kube-prometheus-stack', KUBE_PROMETHEUS_STACK_CHART.version, values)], store),
    ).toEqual([
      `chart kube-prometheus-stack, cluster production: key prometheus.prometheusSpec.foo is not in the chart's values.yaml (reference ${version})`,
      `chart kube-prometheus-stack, cluster production: key prometheus.prometheusSpec.retentoin is not in the chart's values.yaml (reference ${version}); did you mean prometheus.prometheusSpec.retention?`,
    ]);
  });

  it('points a misplaced key at the place the chart has it', () => {
    const { version } = chartYaml('external-secrets');
    const values = { serviceMonitor: { enabled: true }, webhook: { serviceMonitor: { enabled: true } } };
    expect(checkHelmReleases([release('external-secrets', EXTERNAL_SECRETS_CHART.version, values)], store)).toEqual([
      `chart external-secrets, cluster production: key webhook.serviceMonitor.enabled is not in the chart's values.yaml (reference ${version}); did you mean serviceMonitor.enabled?`,
    ]);
  });

  it('fails on a map where the chart has a scalar, and the other way round', () => {
    const { version } = chartYaml('external-secrets');
    const values = { serviceMonitor: true, replicaCount: { min: 1 } };
    expect(checkHelmReleases([release('external-secrets', EXTERNAL_SECRETS_CHART.version, values)], store)).toEqual([
      `chart external-secrets, cluster production: key serviceMonitor is a scalar but the chart's values.yaml (reference ${version}) has a map there`,
      `chart external-secrets, cluster production: key replicaCount is a map but the chart's values.yaml (reference ${version}) has a scalar there`,
      `chart external-secrets, cluster production: values.schema.json (reference ${version}) rejects $.replicaCount: wrong type: (object); expected a value of type integer`,
      `chart external-secrets, cluster production: values.schema.json (reference ${version}) rejects $.serviceMonitor: wrong type: true (boolean); expected a value of type object`,
    ]);
  });

  it('fails on a value the chart’s values.schema.json rejects, with its JSON path', () => {
    const { version } = chartYaml('external-secrets');
    const values = { replicaCount: '2', webhook: { replicaCount: 2 } };
    expect(checkHelmReleases([release('external-secrets', EXTERNAL_SECRETS_CHART.version, values)], store)).toEqual([
      `chart external-secrets, cluster production: values.schema.json (reference ${version}) rejects $.replicaCount: wrong type: "2" (string); expected a value of type integer`,
    ]);
  });

  it('checks the values merged over the chart defaults, as Helm does', () => {
    const { version } = chartYaml('external-dns');
    // provider.name alone is valid; a policy outside the enum is not, wherever it comes from.
    expect(
      checkHelmReleases([release('external-dns', EXTERNAL_DNS_CHART.version, { provider: { name: 'aws' } })], store),
    ).toEqual([]);
    const [problem] = checkHelmReleases(
      [release('external-dns', EXTERNAL_DNS_CHART.version, { policy: 'delete-all' })],
      store,
    );
    expect(problem).toMatch(
      new RegExp(
        `^chart external-dns, cluster production: values\\.schema\\.json \\(reference ${version.replaceAll('.', '\\.')}\\) rejects \\$\\.policy: value "delete-all" is not allowed; expected one of: "`,
      ),
    );
  });

  it('accepts any children below an open map, but the open map itself must be a key of the chart', () => {
    const argocd = {
      configs: {
        cm: { 'any.setting': 'x', nested: { deeper: [1, 2] } },
        params: { 'controller.status.processors': 50 },
        notAKey: { x: 1 },
      },
      server: { podAnnotations: { 'example.com/anything': 'yes' } },
    };
    const { version } = chartYaml('argo-cd');
    expect(checkHelmReleases([release('argo-cd', ARGOCD_CHART.version, argocd)], store)).toEqual([
      `chart argo-cd, cluster production: key configs.notAKey.x is not in the chart's values.yaml (reference ${version})`,
    ]);
    const kps = {
      alertmanager: { config: { receivers: [{ name: 'x' }], anything: { at: 'all' } } },
      prometheus: {
        prometheusSpec: { externalLabels: { region: 'eu' }, storageSpec: { emptyDir: { medium: 'Memory' } } },
      },
      grafana: { 'grafana.ini': { server: { root_url: 'https://grafana.example.com' } } },
    };
    expect(
      checkHelmReleases([release('kube-prometheus-stack', KUBE_PROMETHEUS_STACK_CHART.version, kps)], store),
    ).toEqual([]);
    const loki = { loki: { limits_config: { max_query_series: 1000 }, schemaConfig: { configs: [] } } };
    expect(checkHelmReleases([release('loki', LOKI_CHART.version, loki)], store)).toEqual([]);
  });

  it('list items are free-form: values.yaml default lists are examples at most', () => {
    const values = { alertmanager: { alertmanagerSpec: { secrets: ['a', { any: 'shape' }] } } };
    expect(
      checkHelmReleases([release('kube-prometheus-stack', KUBE_PROMETHEUS_STACK_CHART.version, values)], store),
    ).toEqual([]);
  });

  it('checks grafana.* against the Grafana subchart and calls out subcharts without reference data', () => {
    const { version, dependencies = [] } = chartYaml('kube-prometheus-stack');
    const grafana = chartYaml(CHART_RULES['kube-prometheus-stack']!.subcharts!.grafana!).version;
    const nodeExporter = dependencies.find((dependency) => dependency.name === 'prometheus-node-exporter')!.version;
    const values = {
      // Keys of the subchart's own values.yaml (not repeated in the parent's).
      grafana: {
        sidecar: { dashboards: { folderAnnotation: 'x', provider: { foldersFromFilesStructure: true } } },
        notAKey: 1,
      },
      // The parent sets podLabels for the node exporter; anything else of that subchart cannot be checked here.
      'prometheus-node-exporter': { podLabels: { team: 'platform' }, hostNetwork: false },
    };
    expect(
      checkHelmReleases([release('kube-prometheus-stack', KUBE_PROMETHEUS_STACK_CHART.version, values)], store),
    ).toEqual([
      `chart kube-prometheus-stack, cluster production: key grafana.notAKey is not in the chart's values.yaml (reference ${version}, subchart grafana ${grafana})`,
      `chart kube-prometheus-stack, cluster production: key prometheus-node-exporter.hostNetwork is not in the chart's values.yaml (reference ${version}) and belongs to subchart prometheus-node-exporter ${nodeExporter}, whose values are not in the reference data`,
    ]);
  });

  it('accepts an allowance where it applies, and nothing next to it', () => {
    const six = chartYaml(CHART_RULES.loki!.referenceByMajor![6]!).version;
    const community = chartYaml('loki').version;
    const values = { loki: { storage: { bucketNames: { chunks: 'a', ruler: 'a', admin: 'a', other: 'b' } } } };
    expect(checkHelmReleases([release('loki', '6.54.0', values), release('loki', community, values)], store)).toEqual([
      `chart loki, cluster production: key loki.storage.bucketNames.other is not in the chart's values.yaml (reference ${six})`,
      // The Enterprise admin bucket is gone with the community chart.
      `chart loki, cluster production: key loki.storage.bucketNames.admin is not in the chart's values.yaml (reference ${community})`,
      `chart loki, cluster production: key loki.storage.bucketNames.other is not in the chart's values.yaml (reference ${community})`,
    ]);
  });

  it('checks each pin against the reference of its major: loki 6.x (grafana/loki) and 18.x (grafana-community)', () => {
    const six = chartYaml(CHART_RULES.loki!.referenceByMajor![6]!).version;
    const community = chartYaml('loki').version;
    // `enterprise` exists only in the 6.x line, `route` only in the community chart.
    const values = { enterprise: { enabled: false }, route: { main: { enabled: false } } };
    expect(checkHelmReleases([release('loki', '6.54.0', values), release('loki', community, values)], store)).toEqual([
      `chart loki, cluster production: key route.main.enabled is not in the chart's values.yaml (reference ${six})`,
      `chart loki, cluster production: key enterprise.enabled is not in the chart's values.yaml (reference ${community})`,
    ]);
    expect(checkHelmReleases([release('loki', '5.47.2', {})], store)).toEqual([
      `chart loki, cluster production: pinned 5.47.2 is older than the reference data (${community} in loki/) and chart-rules.ts names no reference folder for loki 5.x (referenceByMajor)`,
    ]);
  });

  it('refuses a chart without rules, and says where reference data is missing', () => {
    expect(checkHelmReleases([release('prometheus-postgres-exporter', '1.0.0', {})], store)).toEqual([
      'chart prometheus-postgres-exporter, cluster production: no rules for prometheus-postgres-exporter in lib/validate/helm-values/chart-rules.ts; add its open maps (the maps the chart renders whole) there',
    ]);
    const empty = mkdtempSync(join(tmpdir(), 'charts-'));
    expect(checkHelmReleases([release('external-dns', '1.0.0', {})], new ChartReferenceStore(empty))).toEqual([
      `chart external-dns, cluster production: no reference data for external-dns: Chart.yaml and values.yaml missing in ${join(empty, 'external-dns')} (set CHARTS_DIR to the chart reference folder)`,
    ]);
  });

  describe('chart-rules.ts', () => {
    /** Every reference folder a chart's rules can pick, with a version of its line. */
    const referencesOf = (chart: string, rules: ChartRules) => [
      chartYaml(rules.referenceFolder ?? chart).version,
      ...Object.keys(rules.referenceByMajor ?? {}).map((major) => `${major}.0.0`),
    ];

    it.each(Object.entries(CHART_RULES))(
      'every open map and allowance of %s is meant for a real key',
      (chart, rules) => {
        for (const version of referencesOf(chart, rules)) {
          const lookup = store.lookup(chart, version, rules);
          if (!lookup.ok) throw new Error(lookup.problem);
          const { values: all, subcharts } = lookup.reference;
          // Istio keeps the chart's keys below `_internal_defaults_do_not_set` (valuesRoot).
          const values = (
            rules.valuesRoot === undefined ? all : { ...all, ...(all[rules.valuesRoot] as object) }
          ) as Record<string, unknown>;
          const tree: Record<string, unknown> = { ...values };
          for (const subchart of subcharts) {
            if (subchart.reference)
              tree[subchart.key] = { ...subchart.reference.values, ...(values[subchart.key] as object) };
          }
          const has = (path: string[]) =>
            path.reduce<unknown>(
              (node, key) => (isMap(node) && Object.hasOwn(node, key) ? node[key] : undefined),
              tree,
            ) !== undefined;
          const explicit = rules.openMaps
            .map(parseKeyPath)
            .filter((path) => !path.includes('*') && !path.includes('**'));
          expect(explicit.filter((path) => !has(path)).map((path) => `${chart} ${version}: ${path.join('.')}`)).toEqual(
            [],
          );
          // An allowance of a key values.yaml lists is stale: the key is checked as any other.
          const folder = lookup.reference.folder;
          const applicable = rules.allowances.filter((allowance) => allowance.references?.includes(folder) ?? true);
          const stale = applicable.filter((allowance) => has(parseKeyPath(allowance.path)));
          expect(stale.map((allowance) => `${chart} ${version}: ${allowance.path}`)).toEqual([]);
        }
      },
    );
  });
});
