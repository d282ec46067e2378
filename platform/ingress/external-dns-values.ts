import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { dnsZoneNames, eksClusterName, type PlatformServiceAccount } from '../../lib/naming';

/** The external-dns chart values we set (kubernetes-sigs chart `values.yaml`). */
export interface ExternalDnsValues {
  readonly provider: { readonly name: 'aws' };
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** Only Ingresses publish names: every public host goes through the ALB. */
  readonly sources: readonly string[];
  /** Only the cluster's own zones are touched: its base domain and `ingress.extraZones`. */
  readonly domainFilters: readonly string[];
  /** `sync` deletes the records of removed hosts; the TXT registry limits that to records this cluster owns. */
  readonly policy: 'sync' | 'upsert-only';
  readonly registry: 'txt';
  readonly txtOwnerId: string;
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly serviceMonitor: { readonly enabled: boolean };
}

/**
 * Values for external-dns on Route53. It authenticates with EKS Pod Identity as
 * `platformRoleName(cluster, 'external-dns')`, bound to the chart's service account by infra.
 */
export function externalDnsValues(
  cluster: AwsClusterDefinition,
  account: PlatformServiceAccount,
  monitoring: boolean,
): ExternalDnsValues {
  return {
    provider: { name: 'aws' },
    env: [{ name: 'AWS_DEFAULT_REGION', value: cluster.awsRegion }],
    sources: ['ingress'],
    domainFilters: [...dnsZoneNames(cluster)],
    policy: 'sync',
    registry: 'txt',
    txtOwnerId: eksClusterName(cluster),
    serviceAccount: { create: true, name: account.serviceAccount },
    serviceMonitor: { enabled: monitoring },
  };
}
