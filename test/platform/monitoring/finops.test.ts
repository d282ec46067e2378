import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FINOPS_RECORDS, finopsRuleGroups } from '../../../platform/monitoring/finops-rules';
import { finopsDashboard } from '../../../platform/monitoring/finops-dashboard';
import { field, productionCluster, render, stagingCluster } from '../fixtures';
import { requireToolInCi, runTool, runToolAsync, toolVersion } from '../../support/prom-tools';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly datasource?: { uid: string };
  readonly targets?: readonly { expr: string }[];
}

/** The dashboard JSON as synth writes it into the monitoring folder of a cluster. */
function renderedDashboard(cluster = stagingCluster()): { panels: Panel[]; title: string } {
  const configMap = render(cluster, []).object('monitoring/configmap-finops-dashboard.yaml');
  return JSON.parse((field(configMap, 'data') as Record<string, string>)['finops.json']!) as {
    panels: Panel[];
    title: string;
  };
}

/** Every query of the dashboard, with Grafana's `$__rate_interval` as a range Prometheus accepts. */
function dashboardExprs(): string[] {
  return renderedDashboard()
    .panels.flatMap((panel) => panel.targets ?? [])
    .map((target) => target.expr.replaceAll('$__rate_interval', '5m'));
}

const RECORDS: readonly string[] = Object.values(FINOPS_RECORDS);

describe('FinOps dashboard and rules', () => {
  it('renders the dashboard and the rules into every cluster with monitoring, in the platform folder', () => {
    for (const cluster of [stagingCluster(), productionCluster()]) {
      const rendered = render(cluster, []);
      expect(field(rendered.object('monitoring/configmap-finops-dashboard.yaml'), 'metadata')).toMatchObject({
        namespace: 'monitoring',
        labels: { grafana_dashboard: '1' },
        annotations: { grafana_folder: 'platform' },
      });
      expect(renderedDashboard(cluster)).toEqual(JSON.parse(JSON.stringify(finopsDashboard(cluster.name))));
      expect(renderedDashboard(cluster).title).toBe(`FinOps (${cluster.name})`);
      expect(field(rendered.object('monitoring/prometheusrule-finops.yaml'), 'spec.groups')).toEqual(
        JSON.parse(JSON.stringify(finopsRuleGroups())),
      );
    }
  });

  it('shows cost per team and app, idle requests, spot share and right-sizing', () => {
    const titles = renderedDashboard().panels.map((panel) => panel.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Cost per team (USD per hour)',
        'Cost per app (USD per hour)',
        'Idle CPU requested by app (cores)',
        'Idle memory requested by app',
        'Spot share of node CPU',
        "Share of each app's requested CPU on spot",
        'CPU p95 of request',
      ]),
    );
  });

  it('reads only series the rules record, through the selected data source', () => {
    const panels = renderedDashboard().panels.filter((panel) => panel.type === 'timeseries');
    expect(panels.length).toBeGreaterThan(0);
    const recordedNames = new Set(
      finopsRuleGroups().flatMap((group) => group.rules.map((rule) => ('record' in rule ? rule.record : ''))),
    );
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      for (const target of panel.targets ?? []) {
        const used = target.expr.match(/[a-z_]+:[a-z0-9_]+:[a-z0-9_]+/g) ?? [];
        expect(used.length, panel.title).toBeGreaterThan(0);
        for (const name of used) expect(recordedNames.has(name), `${panel.title}: ${name}`).toBe(true);
      }
    }
    expect([...recordedNames].sort()).toEqual([...RECORDS].sort());
  });

  it('joins on the labels kube-state-metrics exports for the cost allocation labels and the capacity type', () => {
    const rules = JSON.stringify(finopsRuleGroups());
    expect(rules).toContain('label_team');
    expect(rules).toContain('label_app_kubernetes_io_name');
    expect(rules).toContain('label_karpenter_sh_capacity_type');
  });
});

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `FinOps queries under promtool (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    it('accepts the recording rules', () => {
      const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], {
        'rules.yaml': stringify({ groups: finopsRuleGroups() }),
      });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('accepts every dashboard query (each checked as a recording rule)', () => {
      const rules = dashboardExprs().map((expr, index) => ({ record: `dashboard:query_${index}:check`, expr }));
      const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], {
        'rules.yaml': stringify({ groups: [{ name: 'dashboard', rules }] }),
      });
      expect(result.output, result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('records usage, idle requests, spot share, cost and p95 from kube-state-metrics, cAdvisor and OpenCost series', async () => {
      const ksm = 'job="kube-state-metrics"';
      const pods = [
        { namespace: 'web', pod: 'web-1', team: 'storefront', app: 'web', node: 'n2', phase: 'Running' },
        { namespace: 'web', pod: 'web-2', team: 'storefront', app: 'web', node: 'n2', phase: 'Running' },
        { namespace: 'worker', pod: 'worker-1', team: 'edge', app: 'worker', node: 'n1', phase: 'Running' },
        // A finished Job pod keeps its requests in kube-state-metrics: it must count for nothing.
        { namespace: 'report', pod: 'report-1', team: 'storefront', app: 'report', node: 'n1', phase: 'Succeeded' },
      ];
      const series = [
        ...pods.flatMap((p) => {
          const at = `namespace="${p.namespace}",pod="${p.pod}"`;
          const container = `${at},container="${p.app}"`;
          return [
            {
              series: `kube_pod_labels{${ksm},${at},label_team="${p.team}",label_app_kubernetes_io_name="${p.app}"}`,
              values: '1x30',
            },
            { series: `kube_pod_status_phase{${ksm},${at},phase="${p.phase}"}`, values: '1x30' },
            { series: `kube_pod_info{${ksm},${at},node="${p.node}"}`, values: '1x30' },
            // 0.25 cores of usage (15 CPU-seconds a minute) against 0.5 requested; 256 MiB used of 512 MiB requested.
            { series: `container_cpu_usage_seconds_total{${container}}`, values: '0+15x30' },
            { series: `container_memory_working_set_bytes{${container}}`, values: `${256 * 2 ** 20}x30` },
            { series: `kube_pod_container_resource_requests{${ksm},${container},resource="cpu"}`, values: '0.5x30' },
            {
              series: `kube_pod_container_resource_requests{${ksm},${container},resource="memory"}`,
              values: `${512 * 2 ** 20}x30`,
            },
            {
              series: `kube_pod_container_resource_limits{${ksm},${container},resource="memory"}`,
              values: `${1024 * 2 ** 20}x30`,
            },
            { series: `container_cpu_allocation{${container},node="${p.node}"}`, values: '0.5x30' },
            { series: `container_memory_allocation_bytes{${container},node="${p.node}"}`, values: `${2 ** 30}x30` },
          ];
        }),
        // n1 spot, n2 on-demand (Karpenter), n3 the managed system pool (no Karpenter label).
        { series: `kube_node_labels{${ksm},node="n1",label_karpenter_sh_capacity_type="spot"}`, values: '1x30' },
        { series: `kube_node_labels{${ksm},node="n2",label_karpenter_sh_capacity_type="on-demand"}`, values: '1x30' },
        { series: `kube_node_labels{${ksm},node="n3"}`, values: '1x30' },
        ...[
          ['n1', 4],
          ['n2', 4],
          ['n3', 8],
        ].map(([node, cpu]) => ({
          series: `kube_node_status_capacity{${ksm},node="${node}",resource="cpu"}`,
          values: `${cpu}x30`,
        })),
        ...['n1', 'n2', 'n3'].flatMap((node) => [
          { series: `node_cpu_hourly_cost{node="${node}"}`, values: '0.0625x30' },
          { series: `node_ram_hourly_cost{node="${node}"}`, values: '0.0078125x30' },
          { series: `node_total_hourly_cost{node="${node}"}`, values: '0.25x30' },
        ]),
      ];
      const app = (name: string, team: string) => `{namespace="${name}", team="${team}", app="${name}"}`;
      const expect_ = (expr: string, samples: readonly { labels: string; value: number }[]) => ({
        expr,
        eval_time: '20m',
        exp_samples: samples,
      });
      const R = FINOPS_RECORDS;
      const tests = {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            name: 'finops',
            interval: '1m',
            input_series: series,
            promql_expr_test: [
              expect_(R.cpuUsage, [
                { labels: `${R.cpuUsage}${app('web', 'storefront')}`, value: 0.5 },
                { labels: `${R.cpuUsage}${app('worker', 'edge')}`, value: 0.25 },
              ]),
              expect_(R.cpuIdle, [
                { labels: `${R.cpuIdle}${app('web', 'storefront')}`, value: 0.5 },
                { labels: `${R.cpuIdle}${app('worker', 'edge')}`, value: 0.25 },
              ]),
              expect_(`${R.memoryIdle}{app="web"}`, [
                { labels: `${R.memoryIdle}${app('web', 'storefront')}`, value: 512 * 2 ** 20 },
              ]),
              expect_(`${R.cpuRequests}{app="report"}`, []),
              expect_(R.spotCpuShare, [{ labels: R.spotCpuShare, value: 0.25 }]),
              expect_(`count by (capacity_type) (${R.nodeCapacityType})`, [
                { labels: '{capacity_type="on-demand"}', value: 2 },
                { labels: '{capacity_type="spot"}', value: 1 },
              ]),
              expect_(R.appSpotShare, [
                { labels: `${R.appSpotShare}${app('web', 'storefront')}`, value: 0 },
                { labels: `${R.appSpotShare}${app('worker', 'edge')}`, value: 1 },
              ]),
              // 0.5 cores × 0.0625 + 1 GiB × 0.0078125 per pod.
              expect_(R.teamCost, [
                { labels: `${R.teamCost}{team="edge"}`, value: 0.0390625 },
                { labels: `${R.teamCost}{team="storefront"}`, value: 0.078125 },
              ]),
              expect_(R.nodeCost, [{ labels: R.nodeCost, value: 0.75 }]),
              expect_(`${R.podCpuUsageP95}{app="web"}`, [
                { labels: `${R.podCpuUsageP95}${app('web', 'storefront')}`, value: 0.25 },
              ]),
              expect_(`${R.podMemoryUsagePeak}{app="web"}`, [
                { labels: `${R.podMemoryUsagePeak}${app('web', 'storefront')}`, value: 256 * 2 ** 20 },
              ]),
            ],
          },
        ],
      };
      const result = await runToolAsync(promtool!, ['test', 'rules', 'tests.yaml'], {
        'rules.yaml': stringify({ groups: finopsRuleGroups() }),
        'tests.yaml': stringify(tests),
      });
      expect(result.output, result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });
  },
);
