import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  enabled,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * Argo Rollouts, chart repository https://argoproj.github.io/argo-helm (github.com/argoproj/argo-helm,
 * charts/argo-rollouts; tag argo-rollouts-2.41.0, 2026-06-05, controller v1.9.0).
 */
export const ARGO_ROLLOUTS_CHART: ChartPin = {
  chart: 'argo-rollouts',
  repoURL: 'https://argoproj.github.io/argo-helm',
  version: '2.41.0',
};

const ARGO_ROLLOUTS_CRDS = ['AnalysisRun', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'Experiment', 'Rollout'].map(
  (kind) => `argoproj.io/${kind}`,
);

/** What the argo-rollouts chart installs (see lib/converge/chart-installs.ts). */
export const ARGO_ROLLOUTS_INSTALLS: ChartInstallsTable = {
  chart: 'argo-rollouts',
  allCrds: ARGO_ROLLOUTS_CRDS,
  installs: (release) =>
    chartInstalls({
      crds: enabled(release.values, 'installCRDs', true) ? ARGO_ROLLOUTS_CRDS : [],
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'controller.metrics.serviceMonitor.enabled'),
    }),
};
