import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  enabled,
  serviceMonitor,
  valueAt,
} from '../../lib/converge/chart-installs';
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

/** What the loki chart installs (see lib/converge/chart-installs.ts): no CRDs; volumes for its stateful parts. */
export const LOKI_INSTALLS: ChartInstallsTable = {
  chart: 'loki',
  allCrds: [],
  installs: (release) => {
    const { values } = release;
    const monolithic = valueAt(values, 'deploymentMode') !== 'Distributed';
    // Chart defaults: the single binary keeps a volume, the distributed components keep none unless asked.
    const parts = monolithic
      ? [['singleBinary', true] as const]
      : (['ingester', 'compactor', 'indexGateway'] as const).map((part) => [part, false] as const);
    return chartInstalls({
      serviceAccounts: chartServiceAccount(release),
      volumeClaims: parts
        .filter(([part, byDefault]) => enabled(values, `${part}.persistence.enabled`, byDefault))
        .map(([part]) => {
          const storageClassName = valueAt(values, `${part}.persistence.storageClass`);
          return { what: `Loki ${part}`, ...(typeof storageClassName === 'string' ? { storageClassName } : {}) };
        }),
      customResources: serviceMonitor(release, 'monitoring.serviceMonitor.enabled'),
    });
  },
};

/** What the alloy chart installs (see lib/converge/chart-installs.ts). */
export const ALLOY_INSTALLS: ChartInstallsTable = {
  chart: 'alloy',
  allCrds: ['monitoring.grafana.com/PodLogs'],
  installs: (release) =>
    chartInstalls({
      crds: enabled(release.values, 'crds.create', true) ? ['monitoring.grafana.com/PodLogs'] : [],
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
    }),
};
