import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  enabled,
  serviceMonitor,
} from '../../lib/converge/chart-installs';
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

const LOAD_BALANCER_CONTROLLER_CRDS = [
  'aga.k8s.aws/GlobalAccelerator',
  'elbv2.k8s.aws/ALBTargetControlConfig',
  'elbv2.k8s.aws/IngressClassParams',
  'elbv2.k8s.aws/TargetGroupBinding',
  'gateway.k8s.aws/ListenerRuleConfiguration',
  'gateway.k8s.aws/LoadBalancerConfiguration',
  'gateway.k8s.aws/TargetGroupConfiguration',
];

/** The label of namespaces whose pods the controller's webhook gives readiness gates (app namespaces carry it). */
export const POD_READINESS_GATE_LABEL = { key: 'elbv2.k8s.aws/pod-readiness-gate-inject', value: 'enabled' } as const;

/** What the aws-load-balancer-controller chart installs (see lib/converge/chart-installs.ts). */
export const AWS_LOAD_BALANCER_CONTROLLER_INSTALLS: ChartInstallsTable = {
  chart: 'aws-load-balancer-controller',
  allCrds: LOAD_BALANCER_CONTROLLER_CRDS,
  installs: (release) => {
    const { values } = release;
    const certManager = enabled(values, 'enableCertManager', false);
    return chartInstalls({
      crds: LOAD_BALANCER_CONTROLLER_CRDS,
      serviceAccounts: chartServiceAccount(release),
      webhooks: [
        { name: 'aws-load-balancer-webhook (pods)', admits: 'pods', namespaceLabel: POD_READINESS_GATE_LABEL },
        {
          name: 'aws-load-balancer-webhook',
          admits: ['networking.k8s.io/Ingress', 'elbv2.k8s.aws/TargetGroupBinding'],
        },
      ],
      customResources: [
        ...(certManager
          ? [
              { groupKind: 'cert-manager.io/Issuer', name: 'aws-load-balancer-selfsigned-issuer' },
              { groupKind: 'cert-manager.io/Certificate', name: 'aws-load-balancer-serving-cert' },
            ]
          : []),
        ...serviceMonitor(release, 'serviceMonitor.enabled'),
      ],
    });
  },
};

/** What the external-dns chart installs (see lib/converge/chart-installs.ts). */
export const EXTERNAL_DNS_INSTALLS: ChartInstallsTable = {
  chart: 'external-dns',
  allCrds: ['externaldns.k8s.io/DNSEndpoint'],
  installs: (release) =>
    chartInstalls({
      crds: ['externaldns.k8s.io/DNSEndpoint'],
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
    }),
};
