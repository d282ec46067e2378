import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * OpenCost, chart repository https://opencost.github.io/opencost-helm-chart (github.com/opencost/opencost-helm-chart,
 * charts/opencost; tag opencost-2.5.17, OpenCost 1.120.1). A CNCF incubating project, maintained; its chart ships no CRDs.
 */
export const OPENCOST_CHART: ChartPin = {
  chart: 'opencost',
  repoURL: 'https://opencost.github.io/opencost-helm-chart',
  version: '2.5.17',
};

/** What the opencost chart installs (see lib/converge/chart-installs.ts): no CRDs, its ServiceMonitor when asked. */
export const OPENCOST_INSTALLS: ChartInstallsTable = {
  chart: 'opencost',
  allCrds: [],
  installs: (release) =>
    chartInstalls({
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'opencost.metrics.serviceMonitor.enabled'),
    }),
};
