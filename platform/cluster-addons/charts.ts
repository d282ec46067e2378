import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  enabled,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
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

/** What the metrics-server chart installs (see lib/converge/chart-installs.ts): the resource metrics API. */
export const METRICS_SERVER_INSTALLS: ChartInstallsTable = {
  chart: 'metrics-server',
  allCrds: [],
  installs: (release) =>
    chartInstalls({
      serviceAccounts: chartServiceAccount(release),
      apiServices: enabled(release.values, 'apiService.create', true) ? ['v1beta1.metrics.k8s.io'] : [],
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
    }),
};

const CERT_MANAGER_CRDS = [
  ...['Certificate', 'CertificateRequest', 'ClusterIssuer', 'Issuer'].map((kind) => `cert-manager.io/${kind}`),
  ...['Challenge', 'Order'].map((kind) => `acme.cert-manager.io/${kind}`),
];

/** What the cert-manager chart installs (see lib/converge/chart-installs.ts). */
export const CERT_MANAGER_INSTALLS: ChartInstallsTable = {
  chart: 'cert-manager',
  allCrds: CERT_MANAGER_CRDS,
  installs: (release) => {
    const { values, releaseName, namespace } = release;
    return chartInstalls({
      crds: enabled(values, 'crds.enabled', false) || enabled(values, 'installCRDs', false) ? CERT_MANAGER_CRDS : [],
      serviceAccounts: ['', '-webhook', '-cainjector'].map((suffix) => ({
        namespace,
        name: `${releaseName}${suffix}`,
      })),
      webhooks: [{ name: `${releaseName}-webhook`, admits: ['cert-manager.io/*', 'acme.cert-manager.io/*'] }],
      customResources: serviceMonitor(release, 'prometheus.servicemonitor.enabled'),
      // Waits until the webhook admits a Certificate: the release is ready only when cert-manager really is.
      hooks: enabled(values, 'startupapicheck.enabled', true)
        ? [{ phase: 'PostSync', kind: 'Job', name: `${releaseName}-startupapicheck` }]
        : [],
    });
  },
};
