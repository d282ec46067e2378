import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { DEFAULTS } from '../../lib/model/defaults';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformLabels } from '../shared/labels';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from './app-dashboard';
import { dashboardJson, type GrafanaDashboard } from './dashboard';
import { FINOPS_RECORDS as R } from './finops-rules';

/** Hours in an average month (365 × 24 / 12): an hourly rate times this is the monthly run rate. */
const HOURS_PER_MONTH = 730;

/**
 * The FinOps dashboard: cost per team and app (OpenCost's allocation at the node prices, needs `platform.cost`),
 * capacity requested and not used, the spot share of the nodes and of each app, and each app's p95 usage against
 * its requests (the figures `npm run rightsize` reports). Every query reads the recording rules of
 * finops-rules.ts, so it spans all apps and never lists them.
 */
export function finopsDashboard(cluster: string): GrafanaDashboard {
  const days = DEFAULTS.rightsizeWindowDays;
  return dashboardJson(
    `finops-${cluster}`.slice(0, 40),
    `FinOps (${cluster})`,
    ['cost', 'finops'],
    [
      {
        title: 'Cost (OpenCost, USD at list prices)',
        panels: [
          {
            title: 'Cost per team (USD per hour)',
            unit: 'currencyUSD',
            queries: [[`sort_desc(${R.teamCost})`, '{{team}}']],
          },
          {
            title: 'Cost per app (USD per hour)',
            unit: 'currencyUSD',
            queries: [[`sort_desc(${R.appCost})`, '{{team}} / {{app}}']],
          },
          {
            title: 'Monthly run rate: nodes and what apps are allocated (USD)',
            unit: 'currencyUSD',
            queries: [
              [`${R.nodeCost} * ${HOURS_PER_MONTH}`, 'nodes'],
              [`sum(${R.appCost}) * ${HOURS_PER_MONTH}`, 'allocated to apps'],
              [`sum by (team) (${R.teamCost}) * ${HOURS_PER_MONTH}`, '{{team}}'],
            ],
          },
        ],
      },
      {
        title: 'Idle requests (requested minus used)',
        panels: [
          {
            title: 'Idle CPU requested by app (cores)',
            unit: 'short',
            queries: [[`sort_desc(${R.cpuIdle})`, '{{team}} / {{app}}']],
          },
          {
            title: 'Idle memory requested by app',
            unit: 'bytes',
            queries: [[`sort_desc(${R.memoryIdle})`, '{{team}} / {{app}}']],
          },
          {
            title: 'CPU requested and used, all apps (cores)',
            unit: 'short',
            queries: [
              [`sum(${R.cpuRequests})`, 'requested'],
              [`sum(${R.cpuUsage})`, 'used'],
              [`sum(${R.cpuIdle})`, 'idle'],
            ],
          },
        ],
      },
      {
        title: 'Spot (Karpenter capacity type)',
        panels: [
          {
            title: 'Spot share of node CPU',
            unit: 'percentunit',
            queries: [[R.spotCpuShare, 'spot']],
          },
          {
            title: 'Nodes by capacity type',
            unit: 'short',
            queries: [[`count by (capacity_type) (${R.nodeCapacityType})`, '{{capacity_type}}']],
          },
          {
            title: "Share of each app's requested CPU on spot",
            unit: 'percentunit',
            queries: [[R.appSpotShare, '{{team}} / {{app}}']],
          },
        ],
      },
      {
        title: `Right-sizing (p95 of the busiest pod over ${days} days, as npm run rightsize)`,
        panels: [
          {
            title: 'CPU p95 of request',
            unit: 'percentunit',
            queries: [[`${R.podCpuUsageP95}\n/\n${R.podCpuRequest}`, '{{team}} / {{app}}']],
          },
          {
            title: 'Memory p95 of request',
            unit: 'percentunit',
            queries: [[`${R.podMemoryUsageP95}\n/\n${R.podMemoryRequest}`, '{{team}} / {{app}}']],
          },
          {
            title: 'Memory peak of limit',
            unit: 'percentunit',
            queries: [[`${R.podMemoryUsagePeak}\n/\n${R.podMemoryLimit}`, '{{team}} / {{app}}']],
          },
        ],
      },
    ],
  );
}

export interface FinopsDashboardProps {
  readonly cluster: string;
}

/** The FinOps dashboard as JSON in a ConfigMap of the monitoring namespace, in Grafana's `platform` folder. */
export class FinopsDashboard extends Construct {
  constructor(scope: Construct, id: string, props: FinopsDashboardProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'dashboard', {
      metadata: {
        name: 'finops-dashboard',
        namespace: DEFAULTS.monitoringNamespace,
        labels: { ...platformLabels(PlatformComponent.MONITORING), [DASHBOARD_LABEL]: '1' },
        annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'platform' },
      },
      data: { 'finops.json': `${JSON.stringify(finopsDashboard(props.cluster), null, 2)}\n` },
    });
  }
}
