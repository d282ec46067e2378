import type { SecretRefSpec } from './model/app-spec';
import { type AwsClusterDefinition, type ClusterDefinition, isLocalCluster, LOCAL_DEFAULTS } from './model/cluster';
import { Environment } from './model/environment';
import { byCodePoint } from './order';

/**
 * Names shared by the manifests and the AWS infrastructure. Both sides call these functions, so what the
 * YAML references (registries, roles, secrets, buckets) is exactly what infra creates.
 */

/**
 * Tag key infra's provider puts on every resource of a cluster's stacks (its default tags), with the cluster name
 * as value: YACE discovers the cluster's RDS and ElastiCache resources by it.
 */
export const CLUSTER_TAG = 'cluster';

/** The EKS cluster name. */
export function eksClusterName(cluster: ClusterDefinition): string {
  return cluster.name;
}

/** The account's ECR registry host. */
export function ecrRegistry(cluster: AwsClusterDefinition): string {
  return `${cluster.awsAccountId}.dkr.ecr.${cluster.awsRegion}.amazonaws.com`;
}

/** The ECR repository an app's images live in. */
export function ecrRepositoryName(app: string): string {
  return app;
}

/**
 * The k3d registry of a local cluster: k3d names its container `k3d-<name>`, and the cluster's containerd
 * reaches it under that name and the host port (`docker push localhost:<port>/<repo>` from the host).
 */
export const LOCAL_REGISTRY_NAME = 'registry.localhost';

/** The registry host a local cluster's pods pull bare image names from. */
export function localRegistryHost(cluster: ClusterDefinition): string {
  const port = isLocalCluster(cluster)
    ? (cluster.local?.registryPort ?? LOCAL_DEFAULTS.registryPort)
    : LOCAL_DEFAULTS.registryPort;
  return `k3d-${LOCAL_REGISTRY_NAME}:${port}`;
}

/**
 * Full image repository (without tag): bare names live in the cluster's ECR registry, or in the k3d registry of
 * a local cluster.
 */
export function imageRepositoryUri(cluster: ClusterDefinition, imageRepository: string): string {
  const firstSegment = imageRepository.split('/')[0] ?? '';
  const hasRegistryHost = imageRepository.includes('/') && /[.:]/.test(firstSegment);
  if (hasRegistryHost) return imageRepository;
  const registry = isLocalCluster(cluster) ? localRegistryHost(cluster) : ecrRegistry(cluster);
  return `${registry}/${ecrRepositoryName(imageRepository)}`;
}

/** A host given as a single DNS label lives under the cluster's base domain. */
export function fullyQualifiedHost(cluster: ClusterDefinition, host: string): string {
  return host.includes('.') ? host : `${host}.${cluster.baseDomain}`;
}

/** Platform components that get an AWS IAM role through EKS Pod Identity. */
export const PLATFORM_ROLES = [
  'external-secrets',
  'loki',
  'aws-load-balancer-controller',
  'external-dns',
  'velero',
  'cloudwatch-exporter',
  'tempo',
] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** IAM role assumed (through EKS Pod Identity) by a platform component in a cluster. */
export function platformRoleName(cluster: ClusterDefinition, component: PlatformRole): string {
  return `${eksClusterName(cluster)}-${component}`;
}

export function platformRoleArn(cluster: AwsClusterDefinition, component: PlatformRole): string {
  return `arn:aws:iam::${cluster.awsAccountId}:role/${platformRoleName(cluster, component)}`;
}

/**
 * The Secrets Manager secret that holds an app's secret values as JSON properties, one secret per app and
 * cluster. Values are set outside git; infra creates the empty secret.
 */
export function appSecretName(cluster: ClusterDefinition, app: string): string {
  return `${eksClusterName(cluster)}/apps/${app}`;
}

/** S3 bucket for Loki chunks, indexes and ruler data; the account id keeps the global name unique. */
export function lokiBucketName(cluster: AwsClusterDefinition): string {
  return `${eksClusterName(cluster)}-${cluster.awsAccountId}-loki`;
}

/** S3 bucket for Tempo's trace blocks; the account id keeps the global name unique. */
export function tempoBucketName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-${cluster.awsAccountId}-traces`;
}

/** WAFv2 web ACL attached to every public load balancer of the cluster. */
export function wafWebAclName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-web`;
}

/** Days logs are kept: Loki's retention and the lifecycle of its bucket (and of infra's log groups). */
export function logRetentionDays(environment: Environment): number {
  return environment === Environment.PRODUCTION ? 90 : 30;
}

/** Namespace and service account a platform component runs as; its Pod Identity association binds this pair. */
export interface PlatformServiceAccount {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Where each platform component's pods run, so the Pod Identity association and the Helm values agree. */
export function platformServiceAccount(component: PlatformRole): PlatformServiceAccount {
  switch (component) {
    case 'external-secrets':
      return { namespace: 'external-secrets', serviceAccount: 'external-secrets' };
    case 'loki':
      return { namespace: 'loki', serviceAccount: 'loki' };
    case 'aws-load-balancer-controller':
      return { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' };
    case 'external-dns':
      return { namespace: 'external-dns', serviceAccount: 'external-dns' };
    case 'velero':
      return { namespace: 'velero', serviceAccount: 'velero' };
    case 'cloudwatch-exporter':
      return { namespace: 'cloudwatch-exporter', serviceAccount: 'cloudwatch-exporter' };
    case 'tempo':
      return { namespace: 'tempo', serviceAccount: 'tempo' };
  }
}

/** The `platform` setting that switches on each opt-in role; every other role exists on every AWS cluster. */
const ROLE_SETTING: Partial<Record<PlatformRole, 'backup' | 'cloudwatch' | 'tracing'>> = {
  velero: 'backup',
  'cloudwatch-exporter': 'cloudwatch',
  tempo: 'tracing',
};

/** Whether a cluster has a platform component's role: infra creates it and converge expects its association. */
export function platformRoleEnabled(cluster: ClusterDefinition, component: PlatformRole): boolean {
  const setting = ROLE_SETTING[component];
  return setting === undefined || cluster.platform?.[setting] !== undefined;
}

/** The platform roles a cluster has (infra creates exactly these, converge expects exactly these). */
export function platformRolesOf(cluster: ClusterDefinition): readonly PlatformRole[] {
  return PLATFORM_ROLES.filter((role) => platformRoleEnabled(cluster, role));
}

/**
 * Velero's bucket: in the cluster's backup copy region (lib/model/backup-region.ts), so a regional outage does not
 * take the backups with it.
 */
export function veleroBucketName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-${cluster.awsAccountId}-velero`;
}

/** Days Velero keeps a backup: the cluster's `platform.backup.retentionDays`, else 7 in staging and 30 in production. */
export function backupRetentionDays(cluster: ClusterDefinition): number {
  return cluster.platform?.backup?.retentionDays ?? (cluster.environment === Environment.PRODUCTION ? 30 : 7);
}

/** The Secrets Manager secret one env var of an app reads: its own `key`, else the app's secret. */
export function appSecretKey(cluster: ClusterDefinition, app: string, ref: SecretRefSpec): string {
  return ref.key ?? appSecretName(cluster, app);
}

/** Public hosted zone of the cluster (Route53); app hosts live under it. */
export function hostedZoneName(cluster: ClusterDefinition): string {
  return cluster.baseDomain;
}

/** Every public zone app hosts may sit under: the base domain, then `ingress.extraZones` in code-point order. */
export function dnsZoneNames(cluster: ClusterDefinition): readonly string[] {
  return [cluster.baseDomain, ...[...(cluster.ingress?.extraZones ?? [])].sort(byCodePoint)];
}

/** Names the ACM certificate of the cluster covers: the zone apex and one wildcard level under it. */
export function certificateDomainNames(cluster: ClusterDefinition): readonly string[] {
  return [cluster.baseDomain, `*.${cluster.baseDomain}`];
}

/** Default per-IP request limit of the WAF rate-based rule, per minute. */
export const WAF_RATE_LIMIT_PER_MINUTE = 1000;

/** The RDS PostgreSQL instance of the cluster. */
export function databaseIdentifier(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-postgres`;
}

/**
 * PostgreSQL's max_connections of the cluster's database, set explicitly in infra's parameter group so that the
 * connection alert knows the limit (CloudWatch has no metric for it). RDS's own default,
 * LEAST(DBInstanceClassMemory/9531392, 5000), depends on memory RDS does not publish per class; these values stay
 * below it for the environments' classes (db.t4g.medium 4 GiB: about 450; db.m7g.large 8 GiB: about 900), so
 * every connection keeps at least the memory RDS's default plans for. Change it with the instance class.
 */
export function databaseMaxConnections(environment: Environment): number {
  return environment === Environment.PRODUCTION ? 400 : 200;
}

/** The ElastiCache (Valkey) replication group of the cluster. */
export function cacheReplicationGroupId(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-cache`;
}

/** S3 bucket with infra's Terraform state (created once by hand, see infra/README.md). */
export function terraformStateBucketName(cluster: AwsClusterDefinition): string {
  return `${eksClusterName(cluster)}-${cluster.awsAccountId}-tfstate`;
}

/** IAM roles GitHub Actions assumes through OIDC: `plan` (read-only, pull requests) and `apply` (main). */
export type InfraCiRole = 'plan' | 'apply';

export function infraCiRoleName(cluster: ClusterDefinition, role: InfraCiRole): string {
  return `${eksClusterName(cluster)}-infra-${role}`;
}

export function infraCiRoleArn(cluster: AwsClusterDefinition, role: InfraCiRole): string {
  return `arn:aws:iam::${cluster.awsAccountId}:role/${infraCiRoleName(cluster, role)}`;
}

/** The VPC's `Name` tag; the AWS Load Balancer Controller finds the VPC by it (no instance metadata needed). */
export function vpcName(cluster: ClusterDefinition): string {
  return eksClusterName(cluster);
}

/** Secrets Manager secrets of platform components; values are set outside git, infra creates them empty. */
export type PlatformSecret = 'alertmanager' | 'grafana' | 'argocd' | 'argocd-notifications';

/**
 * The Secrets Manager secret of a platform component: `alertmanager` holds the JSON properties
 * `slack-webhook-url` and `pagerduty-routing-key`, `grafana` holds `admin-user` and `admin-password`, `argocd`
 * holds `oidc-client-secret` (Argo CD's SSO client secret, when the cluster sets `argocd.sso`),
 * `argocd-notifications` holds `github-privateKey` (the GitHub App's PEM key) and `slack-token`.
 */
export function platformSecretName(cluster: ClusterDefinition, secret: PlatformSecret): string {
  return `${eksClusterName(cluster)}/platform/${secret}`;
}

/**
 * Name of the SecretStore in every app namespace and of the platform's ClusterSecretStore. The IAM roles that
 * read secrets trust only sessions tagged with this store name (appSecretReaderRoleName, platformSecretReaderRoleName).
 */
export const SECRET_STORE_NAME = 'aws-secrets-manager';

/**
 * A local cluster's secrets: `npm run local:up` writes one Kubernetes Secret per secret name into this namespace
 * from the git-ignored `.env`, and the ClusterSecretStore LOCAL_SECRET_STORE_NAME (External Secrets' Kubernetes
 * provider) reads them, so apps keep their ExternalSecrets exactly as on AWS.
 */
export const LOCAL_SECRETS_NAMESPACE = 'local-secrets';
export const LOCAL_SECRET_STORE_NAME = 'local-secrets';

/**
 * The Kubernetes Secret that stands for a Secrets Manager secret name on a local cluster: Secret names are
 * DNS subdomains, so `/` becomes `.` (`local/apps/web` -> `local.apps.web`).
 */
export function localSecretName(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9.-]/g, '.');
}

/**
 * Session tags External Secrets (sessionTagsPolicy `Simple`) puts on the AssumeRole call of a store: the
 * namespace of the ExternalSecret being synced, and the store's name and kind. The controller sets them, not
 * the store's author, so a reader role's trust policy can name the one namespace allowed to use it.
 */
export const ESO_SESSION_TAGS = {
  namespace: 'esoNamespace',
  storeName: 'esoStoreName',
  storeKind: 'esoStoreKind',
} as const;

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;

/**
 * IAM role that reads one app's Secrets Manager secrets (its own and the shared ones it names), assumed by the
 * External Secrets controller for the SecretStore in the app's namespace.
 */
export function appSecretReaderRoleName(cluster: ClusterDefinition, app: string): string {
  return `${eksClusterName(cluster)}-app-secrets-${app}`;
}

/** IAM role that reads the platform's secrets, assumed for the platform's ClusterSecretStore only. */
export function platformSecretReaderRoleName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-platform-secrets`;
}

export function roleArn(cluster: AwsClusterDefinition, roleName: string): string {
  return `arn:aws:iam::${cluster.awsAccountId}:role/${roleName}`;
}

/** JSON property of the `argocd` platform secret that holds the OIDC client secret of Argo CD's SSO. */
export const ARGOCD_OIDC_SECRET_PROPERTY = 'oidc-client-secret';

/** Karpenter's controller: IAM role (Pod Identity) and where it runs. */
export function karpenterControllerRoleName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-karpenter`;
}

/** IAM role of the nodes Karpenter launches (EC2NodeClass `role`); it needs an EKS access entry of type EC2_LINUX. */
export function karpenterNodeRoleName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-karpenter-node`;
}

/** SQS queue of spot interruption, rebalance and instance state events Karpenter drains nodes on. */
export function karpenterInterruptionQueueName(cluster: ClusterDefinition): string {
  return `${eksClusterName(cluster)}-karpenter`;
}

/** Namespace and service account of Karpenter's controller (its Pod Identity association binds this pair). */
export const KARPENTER_SERVICE_ACCOUNT: PlatformServiceAccount = {
  namespace: 'kube-system',
  serviceAccount: 'karpenter',
};

/** Tag key Karpenter discovers the cluster's private subnets and node security group by (EC2NodeClass selectors). */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';

/** Label (and PreferNoSchedule taint) of the managed system node pool that runs Karpenter and the add-ons. */
export const SYSTEM_NODE_POOL_LABEL = { key: 'platform.acme.io/pool', value: 'system' } as const;

/**
 * KMS alias of the key that encrypts node root volumes (managed and Karpenter nodes) and persistent volumes;
 * its key policy admits the EC2 Auto Scaling service-linked role, Karpenter's controller and the EBS CSI driver.
 */
export function nodeVolumeKeyAlias(cluster: ClusterDefinition): string {
  return `alias/${eksClusterName(cluster)}-node-volumes`;
}

/** The alias as an ARN: what an EC2NodeClass `kmsKeyID` and a StorageClass `kmsKeyId` take. */
export function nodeVolumeKeyAliasArn(cluster: AwsClusterDefinition): string {
  return `arn:aws:kms:${cluster.awsRegion}:${cluster.awsAccountId}:${nodeVolumeKeyAlias(cluster)}`;
}

/**
 * The system pool's taint, as infra sets it on the managed node group: PreferNoSchedule on the pool's label, so
 * other pods land there only while no Karpenter node has room (the first sync). Karpenter's controller and Argo
 * CD select the label and tolerate the taint.
 */
export const SYSTEM_NODE_POOL_TAINT = {
  key: SYSTEM_NODE_POOL_LABEL.key,
  value: SYSTEM_NODE_POOL_LABEL.value,
  effect: 'PreferNoSchedule',
} as const;

/** Value of KARPENTER_DISCOVERY_TAG on the cluster's private subnets and node security group. */
export function karpenterDiscoveryTagValue(cluster: ClusterDefinition): string {
  return eksClusterName(cluster);
}

/**
 * IAM role an app's own pipeline (`.github/workflows/app-pipeline.yml`, called from the app's repository)
 * assumes through GitHub OIDC to push that app's image to the cluster's ECR, and nothing else.
 */
export function imagePushRoleName(cluster: ClusterDefinition, app: string): string {
  return `${eksClusterName(cluster)}-image-push-${app}`;
}

export function imagePushRoleArn(cluster: AwsClusterDefinition, app: string): string {
  return `arn:aws:iam::${cluster.awsAccountId}:role/${imagePushRoleName(cluster, app)}`;
}

/** ECR repository of an app's BuildKit layer cache (mutable, unlike the image repository with its immutable tags). */
export function buildCacheRepositoryName(app: string): string {
  return `build-cache/${ecrRepositoryName(app)}`;
}

/**
 * AWS cost allocation tags (activated by infra in the account that owns the account's resources): `environment` and
 * `cluster` on every resource (the provider's default tags), `team` and `app` on what one team's app owns (its image
 * repository and secrets; the rest is the platform team's). They match the pods' cost allocation labels
 * (COST_ALLOCATION_LABELS in lib/render/labels.ts), so AWS's and OpenCost's reports group alike.
 */
/** The team that owns every platform component and every shared AWS resource (`team` label and tag). */
export const PLATFORM_TEAM = 'platform';

export const COST_ALLOCATION_TAGS = ['app', 'cluster', 'environment', 'team'] as const;

/** The monthly budget of one team's cost in a cluster: `<cluster>-team-<team>`. */
export function teamBudgetName(cluster: ClusterDefinition, team: string): string {
  return `${eksClusterName(cluster)}-team-${team}`;
}

/** The SNS topic a team's budget alerts go to (subscribe the team's channel to it): `<cluster>-budget-<team>`. */
export function teamBudgetTopicName(cluster: ClusterDefinition, team: string): string {
  return `${eksClusterName(cluster)}-budget-${team}`;
}
