import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { DEFAULTS } from '../../lib/model/defaults';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformLabels } from '../shared/labels';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from './app-dashboard';
import { dashboardJson, type GrafanaDashboard } from './dashboard';
import { BUDGET_REMAINING_RECORD } from './slo';

const RATE = '[$__rate_interval]';

/**
 * The cluster overview: what pages and tickets are open, every app's error budget, the apps that are down,
 * failed cron jobs, traffic and resources by namespace, and the nodes. Queries span every namespace, so the
 * dashboard needs no list of apps and never goes stale when one is added.
 */
export function clusterOverviewDashboard(cluster: string): GrafanaDashboard {
  return dashboardJson(
    `cluster-${cluster}`.slice(0, 40),
    `Cluster overview (${cluster})`,
    ['cluster'],
    [
      {
        title: 'Alerts and objectives',
        panels: [
          {
            title: 'Firing alerts by severity',
            unit: 'short',
            queries: [['sum by (severity) (ALERTS{alertstate="firing",alertname!="Watchdog"})', '{{severity}}']],
          },
          {
            title: 'Error budget remaining by app',
            unit: 'percentunit',
            negative: true,
            queries: [[`min by (app, slo) (${BUDGET_REMAINING_RECORD})`, '{{app}} {{slo}}']],
          },
          {
            title: 'Apps without a ready pod, failed cron jobs',
            unit: 'short',
            queries: [
              ['count(kube_deployment_status_replicas_available == 0) or vector(0)', 'Deployments without a ready pod'],
              ['count(kube_job_failed{condition="true"} > 0) or vector(0)', 'failed Jobs (kept)'],
            ],
          },
        ],
      },
      {
        title: 'Traffic and resources',
        panels: [
          {
            title: 'Requests by namespace',
            unit: 'reqps',
            queries: [[`sum by (namespace) (rate(${DEFAULTS.httpRequestsMetric}${RATE}))`, '{{namespace}}']],
          },
          {
            title: 'CPU by namespace',
            unit: 'short',
            queries: [
              [`sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}${RATE}))`, '{{namespace}}'],
            ],
          },
          {
            title: 'Memory by namespace',
            unit: 'bytes',
            queries: [['sum by (namespace) (container_memory_working_set_bytes{container!=""})', '{{namespace}}']],
          },
          {
            title: 'Nodes ready',
            unit: 'short',
            queries: [
              ['sum(kube_node_status_condition{condition="Ready",status="true"})', 'ready'],
              ['count(kube_node_info)', 'nodes'],
            ],
          },
        ],
      },
    ],
  );
}

export interface ClusterDashboardProps {
  readonly cluster: string;
}

/** The cluster overview as JSON in a ConfigMap of the monitoring namespace, in Grafana's `platform` folder. */
export class ClusterDashboard extends Construct {
  constructor(scope: Construct, id: string, props: ClusterDashboardProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'dashboard', {
      metadata: {
        name: 'cluster-overview-dashboard',
        namespace: DEFAULTS.monitoringNamespace,
        labels: { ...platformLabels(PlatformComponent.MONITORING), [DASHBOARD_LABEL]: '1' },
        annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'platform' },
      },
      data: { 'cluster-overview.json': `${JSON.stringify(clusterOverviewDashboard(props.cluster), null, 2)}\n` },
    });
  }
}
