import type { ChartPin } from '../shared/helm-application';

/**
 * kube-prometheus-stack, chart repository https://prometheus-community.github.io/helm-charts
 * (github.com/prometheus-community/helm-charts, charts/kube-prometheus-stack; release
 * kube-prometheus-stack-92.15.0).
 */
export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = {
  chart: 'kube-prometheus-stack',
  repoURL: 'https://prometheus-community.github.io/helm-charts',
  version: '92.15.0',
};
