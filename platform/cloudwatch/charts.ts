import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * YACE (yet-another-cloudwatch-exporter, part of prometheus-community since November 2024), chart repository
 * https://prometheus-community.github.io/helm-charts (github.com/prometheus-community/helm-charts,
 * charts/prometheus-yet-another-cloudwatch-exporter; release prometheus-yet-another-cloudwatch-exporter-0.47.0,
 * 2026-07-03, YACE v0.67.0).
 */
export const YACE_CHART: ChartPin = {
  chart: 'prometheus-yet-another-cloudwatch-exporter',
  repoURL: 'https://prometheus-community.github.io/helm-charts',
  version: '0.47.0',
};

/** What the YACE chart installs (see lib/converge/chart-installs.ts): no CRDs; its ServiceMonitor needs monitoring's. */
export const YACE_INSTALLS: ChartInstallsTable = {
  chart: 'prometheus-yet-another-cloudwatch-exporter',
  allCrds: [],
  installs: (release) =>
    chartInstalls({
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
    }),
};
