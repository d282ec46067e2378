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
