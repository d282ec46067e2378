import type { ClusterDefinition } from './model/cluster';

/**
 * Names shared by the manifests and the AWS infrastructure. Both sides call these functions, so what the
 * YAML references (registries, roles, secrets, buckets) is exactly what infra creates.
 */

/** The EKS cluster name. */
export function eksClusterName(cluster: ClusterDefinition): string {
  return cluster.name;
}

/** The account's ECR registry host. */
export function ecrRegistry(cluster: ClusterDefinition): string {
  return `${cluster.awsAccountId}.dkr.ecr.${cluster.awsRegion}.amazonaws.com`;
}

/** The ECR repository an app's images live in. */
export function ecrRepositoryName(app: string): string {
  return app;
}

/** Full image repository (without tag): bare names live in the cluster's ECR registry. */
export function imageRepositoryUri(cluster: ClusterDefinition, imageRepository: string): string {
  const firstSegment = imageRepository.split('/')[0] ?? '';
  const hasRegistryHost = imageRepository.includes('/') && /[.:]/.test(firstSegment);
  return hasRegistryHost ? imageRepository : `${ecrRegistry(cluster)}/${ecrRepositoryName(imageRepository)}`;
}

/** A host given as a single DNS label lives under the cluster's base domain. */
export function fullyQualifiedHost(cluster: ClusterDefinition, host: string): string {
  return host.includes('.') ? host : `${host}.${cluster.baseDomain}`;
}
