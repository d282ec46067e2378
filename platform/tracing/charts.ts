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
 * Tempo, the single-binary chart of the grafana-community Helm repository https://grafana-community.github.io/helm-charts
 * (github.com/grafana-community/helm-charts, charts/tempo; tag tempo-2.2.4, 2026-08-13, Tempo 2.10.8). grafana's
 * own repository deprecated its `tempo` (last 1.24.4) and `tempo-distributed` (1.61.3) charts on 2026-01-30;
 * both lines continue in grafana-community only. We run the single binary: with blocks on S3 its only state is
 * the write-ahead log, and our trace volume does not need the distributed chart's dozen components yet.
 */
export const TEMPO_CHART: ChartPin = {
  chart: 'tempo',
  repoURL: 'https://grafana-community.github.io/helm-charts',
  version: '2.2.4',
};

/** What the tempo chart installs (see lib/converge/chart-installs.ts): no CRDs; a volume for its write-ahead log. */
export const TEMPO_INSTALLS: ChartInstallsTable = {
  chart: 'tempo',
  allCrds: [],
  installs: (release) => {
    const storageClassName = valueAt(release.values, 'persistence.storageClassName');
    return chartInstalls({
      serviceAccounts: chartServiceAccount(release),
      volumeClaims: enabled(release.values, 'persistence.enabled', false)
        ? [{ what: 'Tempo write-ahead log', ...(typeof storageClassName === 'string' ? { storageClassName } : {}) }]
        : [],
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
    });
  },
};
