import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULTS } from '../../lib/model/defaults';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { COST_ALLOCATION_LABELS, kubeStateMetricsLabel } from '../../lib/render/labels';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { platformLabels } from '../shared/labels';
import { CAPACITY_TYPE_LABEL } from './kube-prometheus-stack-values';
import type { RecordingRule, RuleGroup } from './prometheus-rule';

/**
 * Recorded series of the FinOps dashboard and `npm run rightsize`, one name per meaning. `app:` series carry
 * `namespace`, `team` and `app` (the pods' cost allocation labels), `node:` series `node` and `capacity_type`.
 */
export const FINOPS_RECORDS = {
  /** 1 per running app pod, with its `team` and `app`: what the other app series join on. */
  podLabels: 'pod:cost_allocation_labels:info',
  cpuUsage: 'app:cpu_usage_cores:sum',
  memoryUsage: 'app:memory_working_set_bytes:sum',
  cpuRequests: 'app:cpu_requests_cores:sum',
  memoryRequests: 'app:memory_requests_bytes:sum',
  /** Requested minus used, never below 0: capacity paid for and not used. */
  cpuIdle: 'app:cpu_idle_requested_cores:sum',
  memoryIdle: 'app:memory_idle_requested_bytes:sum',
  /** The busiest pod of the app (per-pod usage is what a pod's request must cover). */
  podCpuUsageMax: 'app:pod_cpu_usage_cores:max',
  podMemoryUsageMax: 'app:pod_memory_working_set_bytes:max',
  /** The largest request and limit of the app's pods (what its spec renders). */
  podCpuRequest: 'app:pod_cpu_requests_cores:max',
  podMemoryRequest: 'app:pod_memory_requests_bytes:max',
  podMemoryLimit: 'app:pod_memory_limits_bytes:max',
  /** p95 over DEFAULTS.rightsizeWindowDays of the busiest pod's usage, and the peak memory. */
  podCpuUsageP95: `app:pod_cpu_usage_cores:p95_${DEFAULTS.rightsizeWindowDays}d`,
  podMemoryUsageP95: `app:pod_memory_working_set_bytes:p95_${DEFAULTS.rightsizeWindowDays}d`,
  podMemoryUsagePeak: `app:pod_memory_working_set_bytes:max_${DEFAULTS.rightsizeWindowDays}d`,
  /** 1 per node, with `capacity_type` (`spot`, or `on-demand`, also for the managed system pool). */
  nodeCapacityType: 'node:capacity_type:info',
  cpuCapacityByCapacityType: 'capacity_type:node_cpu_capacity_cores:sum',
  spotCpuShare: 'cluster:node_cpu_spot:ratio',
  /** Share of the app's requested CPU that runs on spot nodes. */
  appSpotShare: 'app:cpu_requests_spot:ratio',
  /** OpenCost: the hourly cost (USD) of the CPU and memory allocated to each pod, by app and by team. */
  podCost: 'pod:cost_hourly_usd:sum',
  appCost: 'app:cost_hourly_usd:sum',
  teamCost: 'team:cost_hourly_usd:sum',
  nodeCost: 'cluster:node_cost_hourly_usd:sum',
} as const;

/** The window of the rate()s behind the usage series: four scrapes at the default interval, as kube-prometheus does. */
const RATE_WINDOW = '5m';
const KSM = 'job="kube-state-metrics"';

/** Sums a per-(namespace, pod) expression into `app:` series (namespace, team, app). */
function byApp(perPod: string, aggregation: 'sum' | 'max' = 'sum'): string {
  return `${aggregation} by (namespace, team, app) (\n  ${perPod}\n  * on (namespace, pod) group_left (team, app) ${FINOPS_RECORDS.podLabels}\n)`;
}

/** The expression of the p95 of a recorded series over a window, as the rules and `npm run rightsize` compute it. */
export function p95Over(record: string, window: string): string {
  return `quantile_over_time(0.95, ${record}[${window}])`;
}

/** The peak of a recorded series over a window. */
export function maxOver(record: string, window: string): string {
  return `max_over_time(${record}[${window}])`;
}

/** The recording rules: usage, requests and idle requests by app, spot share, cost by app and team, right-sizing. */
export function finopsRuleGroups(): RuleGroup[] {
  const r = FINOPS_RECORDS;
  const team = kubeStateMetricsLabel(COST_ALLOCATION_LABELS.team);
  const app = kubeStateMetricsLabel(COST_ALLOCATION_LABELS.app);
  const capacity = kubeStateMetricsLabel(CAPACITY_TYPE_LABEL);
  const cpuUsagePerPod = `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=""}[${RATE_WINDOW}]))`;
  const memoryPerPod = 'sum by (namespace, pod) (container_memory_working_set_bytes{container!=""})';
  const requestsPerPod = (resource: string) =>
    `sum by (namespace, pod) (kube_pod_container_resource_requests{${KSM},resource="${resource}"})`;
  const limitsPerPod = (resource: string) =>
    `sum by (namespace, pod) (kube_pod_container_resource_limits{${KSM},resource="${resource}"})`;
  const window = `${DEFAULTS.rightsizeWindowDays}d`;
  const allocation: RecordingRule[] = [
    {
      record: r.podLabels,
      // Running pods only: finished Job pods keep their requests in kube-state-metrics but hold no capacity.
      // group_left () keeps the left side's labels (a one-to-one match `on` keeps only the `on` labels).
      expr:
        `max by (namespace, pod, team, app) (\n` +
        `  label_replace(label_replace(kube_pod_labels{${KSM},${team}!=""}, "team", "$1", "${team}", "(.+)"), "app", "$1", "${app}", "(.+)")\n` +
        `)\n* on (namespace, pod) group_left ()\nmax by (namespace, pod) (kube_pod_status_phase{${KSM},phase="Running"} == 1)`,
    },
    { record: r.cpuUsage, expr: byApp(cpuUsagePerPod) },
    { record: r.memoryUsage, expr: byApp(memoryPerPod) },
    { record: r.cpuRequests, expr: byApp(requestsPerPod('cpu')) },
    { record: r.memoryRequests, expr: byApp(requestsPerPod('memory')) },
    { record: r.cpuIdle, expr: `clamp_min(${r.cpuRequests} - ${r.cpuUsage}, 0)` },
    { record: r.memoryIdle, expr: `clamp_min(${r.memoryRequests} - ${r.memoryUsage}, 0)` },
    { record: r.podCpuUsageMax, expr: byApp(cpuUsagePerPod, 'max') },
    { record: r.podMemoryUsageMax, expr: byApp(memoryPerPod, 'max') },
    { record: r.podCpuRequest, expr: byApp(requestsPerPod('cpu'), 'max') },
    { record: r.podMemoryRequest, expr: byApp(requestsPerPod('memory'), 'max') },
    { record: r.podMemoryLimit, expr: byApp(limitsPerPod('memory'), 'max') },
    {
      record: r.nodeCapacityType,
      // Karpenter labels its nodes; the managed system pool is on-demand (infra's node group) and has no such label.
      expr:
        `max by (node, capacity_type) (\n` +
        `  label_replace(label_replace(kube_node_labels{${KSM}}, "capacity_type", "$1", "${capacity}", "(.+)"), "capacity_type", "on-demand", "${capacity}", "")\n` +
        `)`,
    },
    {
      record: r.cpuCapacityByCapacityType,
      expr: `sum by (capacity_type) (\n  kube_node_status_capacity{${KSM},resource="cpu"}\n  * on (node) group_left (capacity_type) ${r.nodeCapacityType}\n)`,
    },
    {
      record: r.spotCpuShare,
      expr: `(sum(${r.cpuCapacityByCapacityType}{capacity_type="spot"}) or vector(0))\n/\nsum(${r.cpuCapacityByCapacityType})`,
    },
    {
      record: r.appSpotShare,
      // Apps with nothing on spot get 0 (not no series): `or` fills them from the requests.
      expr:
        `(\n` +
        `  sum by (namespace, team, app) (\n` +
        `    ${requestsPerPod('cpu')}\n` +
        `    * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_info{${KSM}} * on (node) group_left () ${r.nodeCapacityType}{capacity_type="spot"})\n` +
        `    * on (namespace, pod) group_left (team, app) ${r.podLabels}\n` +
        `  )\n` +
        `  or ${r.cpuRequests} * 0\n` +
        `)\n/\n${r.cpuRequests}`,
    },
  ];
  const cost: RecordingRule[] = [
    {
      record: r.podCost,
      // OpenCost's allocation (the larger of request and usage) priced at the node's hourly rates.
      expr:
        'sum by (namespace, pod) (\n' +
        '  sum by (namespace, pod, node) (container_cpu_allocation)\n' +
        '  * on (node) group_left () max by (node) (node_cpu_hourly_cost)\n' +
        ')\n+\n' +
        'sum by (namespace, pod) (\n' +
        '  sum by (namespace, pod, node) (container_memory_allocation_bytes) / 1024 ^ 3\n' +
        '  * on (node) group_left () max by (node) (node_ram_hourly_cost)\n' +
        ')',
    },
    { record: r.appCost, expr: byApp(r.podCost) },
    { record: r.teamCost, expr: `sum by (team) (${r.appCost})` },
    { record: r.nodeCost, expr: 'sum(max by (node) (node_total_hourly_cost))' },
  ];
  const rightsize: RecordingRule[] = [
    { record: r.podCpuUsageP95, expr: p95Over(r.podCpuUsageMax, window) },
    { record: r.podMemoryUsageP95, expr: p95Over(r.podMemoryUsageMax, window) },
    { record: r.podMemoryUsagePeak, expr: maxOver(r.podMemoryUsageMax, window) },
  ];
  return [
    { name: 'finops-allocation', interval: '1m', rules: allocation },
    { name: 'finops-cost', interval: '1m', rules: cost },
    // A week of samples per app at every evaluation: every 5 minutes is plenty for a weekly figure.
    { name: 'finops-rightsize', interval: '5m', rules: rightsize },
  ];
}

/** The FinOps recording rules as a PrometheusRule in the monitoring namespace. */
export class FinopsRules extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'finops',
        namespace: DEFAULTS.monitoringNamespace,
        labels: platformLabels(PlatformComponent.MONITORING),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: { groups: finopsRuleGroups() },
    });
  }
}
