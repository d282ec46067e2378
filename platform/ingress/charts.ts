import type { ChartPin } from '../shared/helm-application';

/**
 * AWS Load Balancer Controller, chart repository https://aws.github.io/eks-charts
 * (github.com/aws/eks-charts, stable/aws-load-balancer-controller; since controller v3 the chart version
 * equals the controller version: eks-charts release v0.0.246 shipped v3.6.0).
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART: ChartPin = {
  chart: 'aws-load-balancer-controller',
  repoURL: 'https://aws.github.io/eks-charts',
  version: '3.6.0',
};

/**
 * external-dns, chart repository https://kubernetes-sigs.github.io/external-dns/
 * (github.com/kubernetes-sigs/external-dns, charts/external-dns; release external-dns-helm-chart-1.21.1).
 */
export const EXTERNAL_DNS_CHART: ChartPin = {
  chart: 'external-dns',
  repoURL: 'https://kubernetes-sigs.github.io/external-dns/',
  version: '1.21.1',
};
