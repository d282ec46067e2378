import type { ChartPin } from '../shared/helm-application';

/**
 * Loki, the open-source chart of the grafana-community Helm repository https://grafana-community.github.io/helm-charts
 * (github.com/grafana-community/helm-charts, charts/loki; tag loki-18.11.0, Loki 3.7.6). The open-source chart moved
 * there from grafana/loki in March 2026; grafana's own `loki` chart is Grafana Enterprise Logs from 7.0, and its
 * 6.x line is frozen. Values are written for the 18.x structure (platform/logging/loki-values.ts).
 */
export const LOKI_CHART: ChartPin = {
  chart: 'loki',
  repoURL: 'https://grafana-community.github.io/helm-charts',
  version: '18.11.0',
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
