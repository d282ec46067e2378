import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULT_SSL_POLICY, type IngressSettings } from '../../lib/model/platform-settings';
import { eksClusterName, type PlatformServiceAccount, vpcName } from '../../lib/naming';

/** The aws-load-balancer-controller chart values we set (eks-charts `values.yaml`). */
export interface AwsLoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  /** The controller finds its VPC by tag, so it needs neither the VPC id nor the instance metadata service. */
  readonly vpcTags: Readonly<Record<string, string>>;
  readonly replicaCount: number;
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly ingressClass: string;
  readonly createIngressClassResource: boolean;
  readonly ingressClassConfig: { readonly default: boolean };
  /** Leave Services of type LoadBalancer alone: we publish through Ingresses only. */
  readonly enableServiceMutatorWebhook: boolean;
  readonly defaultSSLPolicy: string;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly podDisruptionBudget?: { readonly maxUnavailable: number };
  readonly serviceMonitor: { readonly enabled: boolean };
  /**
   * The webhook's serving certificate comes from cert-manager (a self-signed Issuer and a Certificate the chart
   * renders). Without it the chart generates a new CA and certificate on every render (Helm `lookup` does not
   * work under Argo CD) and self-heal re-applies them: x509 errors on Ingress and pod admission
   * (aws-load-balancer-controller#1828).
   */
  readonly enableCertManager: boolean;
}

/**
 * Values for the AWS Load Balancer Controller. It authenticates with EKS Pod Identity as
 * `platformRoleName(cluster, 'aws-load-balancer-controller')`, bound to the chart's service account by infra.
 */
export function awsLoadBalancerControllerValues(
  cluster: AwsClusterDefinition,
  settings: IngressSettings,
  account: PlatformServiceAccount,
  monitoring: boolean,
): AwsLoadBalancerControllerValues {
  return {
    clusterName: eksClusterName(cluster),
    region: cluster.awsRegion,
    vpcTags: { Name: vpcName(cluster) },
    replicaCount: settings.controllerReplicas,
    serviceAccount: { create: true, name: account.serviceAccount },
    ingressClass: 'alb',
    createIngressClassResource: true,
    ingressClassConfig: { default: false },
    enableServiceMutatorWebhook: false,
    defaultSSLPolicy: settings.sslPolicy ?? DEFAULT_SSL_POLICY,
    defaultTags: { cluster: eksClusterName(cluster), environment: cluster.environment },
    ...(settings.controllerReplicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
    serviceMonitor: { enabled: monitoring },
    enableCertManager: true,
  };
}
