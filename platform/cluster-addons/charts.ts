import type { ChartPin } from '../shared/helm-application';

/**
 * metrics-server, chart repository https://kubernetes-sigs.github.io/metrics-server/
 * (github.com/kubernetes-sigs/metrics-server, charts/metrics-server; tag metrics-server-helm-chart-3.13.1).
 */
export const METRICS_SERVER_CHART: ChartPin = {
  chart: 'metrics-server',
  repoURL: 'https://kubernetes-sigs.github.io/metrics-server/',
  version: '3.13.1',
};

/**
 * cert-manager, chart repository https://charts.jetstack.io (github.com/cert-manager/cert-manager,
 * deploy/charts/cert-manager; release v1.21.1, the chart version carries the `v`).
 */
export const CERT_MANAGER_CHART: ChartPin = {
  chart: 'cert-manager',
  repoURL: 'https://charts.jetstack.io',
  version: 'v1.21.1',
};
