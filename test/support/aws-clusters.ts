import { type AwsClusterDefinition, type ClusterDefinition, isAwsCluster } from '../../lib/model/cluster';

/** The AWS clusters of a list (a local cluster has no account, region, VPC or infra stack), in their order. */
export function awsClustersOf<T extends { readonly definition: ClusterDefinition }>(
  clusters: readonly T[],
): (T & { readonly definition: AwsClusterDefinition })[] {
  return clusters.filter((cluster): cluster is T & { readonly definition: AwsClusterDefinition } =>
    isAwsCluster(cluster.definition),
  );
}
