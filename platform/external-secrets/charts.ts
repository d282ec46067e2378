import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  enabled,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * External Secrets Operator, chart repository https://charts.external-secrets.io
 * (source: github.com/external-secrets/external-secrets, deploy/charts/external-secrets; release helm-chart-2.9.0).
 */
export const EXTERNAL_SECRETS_CHART: ChartPin = {
  chart: 'external-secrets',
  repoURL: 'https://charts.external-secrets.io',
  version: '2.9.0',
};

const EXTERNAL_SECRETS_CRDS = [
  ...[
    'ClusterExternalSecret',
    'ClusterPushSecret',
    'ClusterSecretStore',
    'ExternalSecret',
    'PushSecret',
    'SecretStore',
  ].map((kind) => `external-secrets.io/${kind}`),
  ...[
    'ACRAccessToken',
    'BeyondtrustWorkloadCredentialsDynamicSecret',
    'CloudsmithAccessToken',
    'ClusterGenerator',
    'ECRAuthorizationToken',
    'Fake',
    'GCRAccessToken',
    'GeneratorState',
    'GithubAccessToken',
    'GitlabDeployToken',
    'Grafana',
    'MFA',
    'Password',
    'QuayAccessToken',
    'SSHKey',
    'STSSessionToken',
    'UUID',
    'VaultDynamicSecret',
    'Webhook',
  ].map((kind) => `generators.external-secrets.io/${kind}`),
];

/** What the external-secrets chart installs (see lib/converge/chart-installs.ts). */
export const EXTERNAL_SECRETS_INSTALLS: ChartInstallsTable = {
  chart: 'external-secrets',
  allCrds: EXTERNAL_SECRETS_CRDS,
  installs: (release) =>
    chartInstalls({
      crds: EXTERNAL_SECRETS_CRDS,
      serviceAccounts: chartServiceAccount(release),
      webhooks: enabled(release.values, 'webhook.create', true)
        ? [
            {
              name: `${release.releaseName}-webhook`,
              admits: [
                'external-secrets.io/SecretStore',
                'external-secrets.io/ClusterSecretStore',
                'external-secrets.io/ExternalSecret',
              ],
            },
          ]
        : [],
      // The chart renders its ServiceMonitors only once their CRD exists (it checks `.Capabilities`).
      customResources: serviceMonitor(release, 'serviceMonitor.enabled', { gatedOnCapabilities: true }),
    }),
};
