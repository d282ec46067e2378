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

/** Platform components that get an AWS IAM role through EKS Pod Identity. */
export type PlatformRole = 'external-secrets' | 'loki' | 'aws-load-balancer-controller' | 'external-dns';

/** IAM role assumed (through EKS Pod Identity) by a platform component in a cluster. */
export function platformRoleName(cluster: ClusterDefinition, component: PlatformRole): string {
  return `${eksClusterName(cluster)}-${component}`;
}

export function platformRoleArn(cluster: ClusterDefinition, component: PlatformRole): string {
  return `arn:aws:iam::${cluster.awsAccountId}:role/${platformRoleName(cluster, component)}`;
}

/**
 * The Secrets Manager secret that holds an app's secret values as JSON properties, one secret per app and
 * cluster. Values are set outside git; infra creates the empty secret.
 */
export function appSecretName(cluster: ClusterDefinition, app: string): string {
  return `${eksClusterName(cluster)}/apps/${app}`;
}

/** S3 bucket for Loki chunks and indexes; the account id keeps the global name unique. */
export function lokiBucketName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-${cluster.awsAccountId}-loki`;
}

/** WAFv2 web ACL attached to every public load balancer of the cluster. */
export function wafWebAclName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-web`;
}
