import type { ChartPin } from '../shared/helm-application';

/**
 * Loki, chart repository https://grafana.github.io/helm-charts
 * (github.com/grafana/loki, production/helm/loki; release helm-loki-6.54.0).
 */
export const LOKI_CHART: ChartPin = {
  chart: 'loki',
  repoURL: 'https://grafana.github.io/helm-charts',
  version: '6.54.0',
};

/**
 * Grafana Alloy (successor of Promtail, which reached end of life on 2026-03-02), chart repository
 * https://grafana.github.io/helm-charts (github.com/grafana/alloy, operations/helm/charts/alloy; chart 1.5.3).
 */
export const ALLOY_CHART: ChartPin = {
  chart: 'alloy',
  repoURL: 'https://grafana.github.io/helm-charts',
  version: '1.5.3',
};
