import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktn';
import { type Construct } from 'constructs';
import { ConfigError } from '../../lib/errors';
import type { AppSpec } from '../../lib/model/app-spec';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { NOTIFICATIONS_SECRET_KEYS } from '../../lib/argocd/notifications';
import {
  appSecretKey,
  buildCacheRepositoryName,
  imagePushRoleName,
  cacheReplicationGroupId,
  certificateDomainNames,
  databaseIdentifier,
  ecrRegistry,
  eksClusterName,
  hostedZoneName,
  imageRepositoryUri,
  infraCiRoleArn,
  infraCiRoleName,
  logRetentionDays,
  lokiBucketName,
  platformRoleName,
  platformSecretName,
  platformServiceAccount,
  terraformStateBucketName,
  WAF_RATE_LIMIT_PER_MINUTE,
  vpcName,
  wafWebAclName,
  type PlatformRole,
  type PlatformSecret,
} from '../../lib/naming';
import { Budget } from '../constructs/budget';
import { Cache } from '../constructs/cache';
import { CiAccess } from '../constructs/ci-access';
import { Database } from '../constructs/database';
import { DatabaseBackup } from '../constructs/database-backup';
import { Edge } from '../constructs/edge';
import { EksCluster } from '../constructs/eks-cluster';
import { EmptySecrets } from '../constructs/empty-secrets';
import { EncryptionKey } from '../constructs/encryption-key';
import { ImageRepositories } from '../constructs/image-repositories';
import { type ImagePusher, ImagePushAccess } from '../constructs/image-push-access';
import { LogBucket } from '../constructs/log-bucket';
import { Network } from '../constructs/network';
import { loadBalancerControllerStatements, PlatformRoles, type PlatformRoleSpec } from '../constructs/platform-roles';
import {
  CACHE_ENGINE,
  CACHE_ENGINE_VERSION,
  GITHUB_REPOSITORY,
  infraSettings,
  POSTGRES_MAJOR_VERSION,
  type InfraSettings,
} from '../settings';

export interface EnvironmentStackProps {
  readonly cluster: ClusterDefinition;
  /** Every app spec of the repository by name; the cluster's `apps` picks the ones that run here. */
  readonly apps: Readonly<Record<string, AppSpec>>;
  /** @default the settings of the cluster's environment (infra/settings.ts) */
  readonly settings?: InfraSettings;
}

/** Native S3 state locking needs Terraform 1.10 or later. */
export const MINIMUM_TERRAFORM_VERSION = '1.10.0';

/**
 * The Terraform releases the stacks are written for, as CDK Terrain's `targetVersions` (an npm semver range per
 * product). cdktn checks version-dependent features against it at synth, e.g. the S3 backend's `useLockfile`
 * fails unless every targeted release supports it. The app passes it as context (`infra/main.ts`); the cdktn
 * CLI reads the same value from `infra/cdktf.json`. OpenTofu is not targeted: CI runs Terraform.
 */
export const TARGET_VERSIONS: Readonly<Record<'terraform', string>> = {
  terraform: `>=${MINIMUM_TERRAFORM_VERSION}`,
};

/** Tags every resource carries (the provider's default tags). */
export function defaultTags(cluster: ClusterDefinition, settings: InfraSettings): Record<string, string> {
  return {
    environment: cluster.environment,
    cluster: cluster.name,
    owner: settings.owner,
    'cost-center': settings.costCenter,
    'managed-by': 'cdktn',
  };
}

/** The GitHub environment whose jobs may assume the apply role of a cluster. */
export function infraApplyEnvironment(cluster: ClusterDefinition): string {
  return `infra-${cluster.name}`;
}

/** Where the state of a cluster's stack lives inside its state bucket. */
export function stateKey(cluster: ClusterDefinition): string {
  return `infra/${cluster.name}.tfstate`;
}

/**
 * All AWS resources of one cluster's environment, named through lib/naming.ts from its cluster definition,
 * in the cluster's own account and region.
 */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { cluster } = props;
    const settings = props.settings ?? infraSettings(cluster.environment);
    const production = cluster.environment === Environment.PRODUCTION;
    const name = eksClusterName(cluster);
    const account = cluster.awsAccountId;
    const region = cluster.awsRegion;
    const apps = enabledApps(cluster, props.apps);

    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [account],
      defaultTags: [{ tags: defaultTags(cluster, settings) }],
    });
    new S3Backend(this, {
      bucket: terraformStateBucketName(cluster),
      key: stateKey(cluster),
      region,
      encrypt: true,
      // Native S3 locking (Terraform >= 1.10): a lock object next to the state, no DynamoDB table.
      useLockfile: true,
    });
    this.addOverride('terraform.required_version', `>= ${MINIMUM_TERRAFORM_VERSION}`);

    const deletionWindowDays = production ? 30 : 7;
    const dataKey = new EncryptionKey(this, 'data-key', {
      alias: `${name}-data`,
      description: `Data stores of ${name}: database, cache, secrets, images, logs, backups`,
      deletionWindowDays,
    });
    const eksKey = new EncryptionKey(this, 'eks-key', {
      alias: `${name}-eks-secrets`,
      description: `Kubernetes secrets of EKS cluster ${name}`,
      deletionWindowDays,
    });

    const network = new Network(this, 'network', {
      name,
      vpcName: vpcName(cluster),
      cidr: cluster.vpcCidr,
      natGateways: settings.natGateways,
      flowLogRetentionDays: logRetentionDays(cluster.environment),
    });
    const privateSubnetIds = network.privateSubnets.map((subnet) => subnet.id);
    const databaseSubnetIds = network.databaseSubnets.map((subnet) => subnet.id);

    const ci = new CiAccess(this, 'ci', {
      accountId: account,
      githubRepository: GITHUB_REPOSITORY,
      applyEnvironment: infraApplyEnvironment(cluster),
      planRoleName: infraCiRoleName(cluster, 'plan'),
      applyRoleName: infraCiRoleName(cluster, 'apply'),
      iamNamePrefix: name,
      stateBucketName: terraformStateBucketName(cluster),
      stateKey: stateKey(cluster),
    });

    const access: Record<string, 'admin' | 'view'> = {};
    for (const role of settings.adminRoleNames) access[`arn:aws:iam::${account}:role/${role}`] = 'admin';
    access[infraCiRoleArn(cluster, 'apply')] = 'admin';
    access[infraCiRoleArn(cluster, 'plan')] = 'view';
    const eks = new EksCluster(this, 'eks', {
      name,
      accountId: account,
      kubernetesVersion: cluster.kubernetesVersion,
      privateSubnetIds,
      encryptionKeyArn: eksKey.arn,
      logRetentionDays: logRetentionDays(cluster.environment),
      apiPublicAccessCidrs: settings.apiPublicAccessCidrs,
      nodeInstanceTypes: settings.nodeInstanceTypes,
      nodeMinSize: settings.nodeMinSize,
      nodeDesiredSize: settings.nodeDesiredSize,
      nodeMaxSize: settings.nodeMaxSize,
      nodeDiskGi: settings.nodeDiskGi,
      deletionProtection: production,
      access,
      // The access entries name the CI roles by ARN: create the roles first.
      accessDependsOn: [ci.planRole, ci.applyRole],
    });

    const edge = new Edge(this, 'edge', {
      zoneName: hostedZoneName(cluster),
      certificateDomainNames: certificateDomainNames(cluster),
      webAclName: wafWebAclName(cluster),
      rateLimitPerMinute: WAF_RATE_LIMIT_PER_MINUTE,
    });
    const logs = new LogBucket(this, 'loki-bucket', {
      bucketName: lokiBucketName(cluster),
      retentionDays: lokiRetentionDays(cluster),
      encryptionKeyArn: dataKey.arn,
    });
    const appSecrets = new EmptySecrets(this, 'app-secrets', {
      secrets: new Map(
        [...secretsOf(cluster, apps)].map(([secret, readers]) => [
          secret,
          `Secret values of ${readers.join(', ')}; set outside git`,
        ]),
      ),
      encryptionKeyArn: dataKey.arn,
      recoveryWindowDays: settings.secretRecoveryWindowDays,
    });
    const platformSecrets = new EmptySecrets(this, 'platform-secrets', {
      secrets: new Map(
        platformSecretsOf(cluster).map((secret) => [
          secret.name,
          `${secret.description} (JSON properties: ${secret.properties.join(', ')}); set outside git`,
        ]),
      ),
      encryptionKeyArn: dataKey.arn,
      recoveryWindowDays: settings.secretRecoveryWindowDays,
    });
    // Exactly the secrets the cluster's ExternalSecrets read: no name prefix wildcard.
    const readableSecretArns = [...appSecrets.secrets, ...platformSecrets.secrets].map((secret) => secret.arn);
    new ImageRepositories(this, 'ecr', {
      names: repositoriesOf(cluster, apps),
      encryptionKeyArn: dataKey.arn,
    });
    new ImagePushAccess(this, 'image-push', {
      accountId: account,
      region: cluster.awsRegion,
      githubOidcProviderArn: ci.githubOidcProviderArn,
      pushers: imagePushersOf(cluster, apps, settings.appPipelineRepositories ?? {}),
      encryptionKeyArn: dataKey.arn,
    });

    const viaService = (service: string) => ({
      test: 'StringEquals',
      variable: 'kms:ViaService',
      values: [`${service}.${region}.amazonaws.com`],
    });
    const roleSpec = (component: PlatformRole, statements: PlatformRoleSpec['statements']): PlatformRoleSpec => ({
      component,
      roleName: platformRoleName(cluster, component),
      ...platformServiceAccount(component),
      statements,
    });
    new PlatformRoles(this, 'platform-roles', {
      accountId: account,
      cluster: eks,
      roles: [
        roleSpec('external-secrets', [
          // An IAM statement needs at least one resource: without secrets the role reads none.
          ...(readableSecretArns.length === 0
            ? []
            : [
                {
                  sid: 'ReadEnvironmentSecrets',
                  actions: [
                    'secretsmanager:GetSecretValue',
                    'secretsmanager:DescribeSecret',
                    'secretsmanager:ListSecretVersionIds',
                    'secretsmanager:GetResourcePolicy',
                  ],
                  resources: readableSecretArns,
                },
              ]),
          {
            sid: 'DecryptSecrets',
            actions: ['kms:Decrypt'],
            resources: [dataKey.arn],
            conditions: [viaService('secretsmanager')],
          },
        ]),
        roleSpec('loki', [
          { sid: 'ListLogBucket', actions: ['s3:ListBucket'], resources: [logs.bucket.arn] },
          {
            sid: 'ReadWriteLogObjects',
            actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            resources: [`${logs.bucket.arn}/*`],
          },
          {
            sid: 'EncryptLogObjects',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [dataKey.arn],
            conditions: [viaService('s3')],
          },
        ]),
        roleSpec('aws-load-balancer-controller', loadBalancerControllerStatements(name, network.vpc.arn)),
        roleSpec('external-dns', [
          {
            sid: 'ChangeClusterZone',
            actions: [
              'route53:ChangeResourceRecordSets',
              'route53:ListResourceRecordSets',
              'route53:ListTagsForResource',
            ],
            resources: [edge.zone.arn],
          },
          { sid: 'FindZones', actions: ['route53:ListHostedZones', 'route53:ListTagsForResources'], resources: ['*'] },
        ]),
      ],
    });

    const database = new Database(this, 'database', {
      identifier: databaseIdentifier(cluster),
      engineVersion: POSTGRES_MAJOR_VERSION,
      instanceClass: settings.databaseInstanceClass,
      storageGi: settings.databaseStorageGi,
      maxStorageGi: settings.databaseMaxStorageGi,
      backupRetentionDays: settings.databaseBackupRetentionDays,
      multiAz: settings.databaseMultiAz,
      deletionProtection: settings.databaseDeletionProtection,
      performanceInsights: production,
      vpcId: network.vpc.id,
      subnetIds: databaseSubnetIds,
      clientSecurityGroupId: eks.nodeSecurityGroupId,
      encryptionKeyArn: dataKey.arn,
    });
    const cache = new Cache(this, 'cache', {
      replicationGroupId: cacheReplicationGroupId(cluster),
      engine: CACHE_ENGINE,
      engineVersion: CACHE_ENGINE_VERSION,
      nodeType: settings.cacheNodeType,
      nodes: settings.cacheNodes,
      snapshotRetentionDays: production ? 7 : 1,
      vpcId: network.vpc.id,
      subnetIds: databaseSubnetIds,
      clientSecurityGroupId: eks.nodeSecurityGroupId,
      encryptionKeyArn: dataKey.arn,
    });
    new DatabaseBackup(this, 'database-backup', {
      name,
      databaseArn: database.instance.arn,
      retentionDays: settings.databaseBackupRetentionDays,
      encryptionKeyArn: dataKey.arn,
      copyRegion: settings.backupCopyRegion,
    });
    new Budget(this, 'budget', {
      name: `${name}-monthly`,
      monthlyLimitUsd: settings.monthlyBudgetUsd,
      alertEmails: settings.budgetAlertEmails,
    });

    const outputs: Record<string, unknown> = {
      'eks-cluster-name': eks.cluster.name,
      'eks-cluster-endpoint': eks.cluster.endpoint,
      'zone-name-servers': edge.zone.nameServers,
      'certificate-arn': edge.certificate.arn,
      'web-acl-arn': edge.webAcl.arn,
      'database-endpoint': database.instance.endpoint,
      'database-master-secret-arn': database.instance.masterUserSecret.get(0).secretArn,
      'cache-endpoint': cache.replicationGroup.primaryEndpointAddress,
      'cache-app-user': cache.appUser.userName,
      'ci-plan-role-arn': ci.planRole.arn,
      'ci-apply-role-arn': ci.applyRole.arn,
    };
    for (const [outputId, value] of Object.entries(outputs)) new TerraformOutput(this, outputId, { value });
  }
}

/** The specs of the apps that run in the cluster; an unknown app name is an input error. */
function enabledApps(cluster: ClusterDefinition, specs: Readonly<Record<string, AppSpec>>): AppSpec[] {
  return Object.keys(cluster.apps)
    .sort()
    .map((app) => {
      const spec = specs[app];
      if (spec === undefined) {
        throw new ConfigError(
          { file: `clusters/${cluster.name}.ts`, cluster: cluster.name, field: `apps.${app}` },
          `no app "${app}": expected apps/${app}/index.ts (known apps: ${Object.keys(specs).sort().join(', ')})`,
        );
      }
      return spec;
    });
}

/** Every distinct Secrets Manager secret the cluster's apps read, with the apps that read it. */
export function secretsOf(cluster: ClusterDefinition, apps: readonly AppSpec[]): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  for (const app of apps) {
    for (const ref of Object.values(app.secrets ?? {})) {
      const key = appSecretKey(cluster, app.name, ref);
      const readers = secrets.get(key) ?? [];
      if (!readers.includes(app.name)) readers.push(app.name);
      secrets.set(key, readers);
    }
  }
  return secrets;
}

/** A Secrets Manager secret of a platform component and the JSON properties the component's ExternalSecret reads. */
export interface PlatformSecretSpec {
  readonly secret: PlatformSecret;
  readonly name: string;
  readonly description: string;
  readonly properties: readonly string[];
}

/**
 * The platform secrets the cluster's enabled components read (see platformSecretName in lib/naming.ts):
 * Argo CD's notifications read the GitHub App key and Slack token (when `argocd.notifications` is set);
 * monitoring reads Alertmanager's receiver credentials (the PagerDuty key only when it pages through
 * PagerDuty) and Grafana's admin login (platform/monitoring/monitoring-stack.ts).
 */
export function platformSecretsOf(cluster: ClusterDefinition): PlatformSecretSpec[] {
  return [...monitoringSecretsOf(cluster), ...argoCdSecretsOf(cluster)];
}

/** Argo CD's notifications read the GitHub App key and the Slack token (lib/argocd/notifications.ts). */
function argoCdSecretsOf(cluster: ClusterDefinition): PlatformSecretSpec[] {
  if (cluster.argocd?.notifications === undefined) return [];
  return [
    {
      secret: 'argocd-notifications',
      name: platformSecretName(cluster, 'argocd-notifications'),
      description: 'Argo CD notifications: GitHub App private key (commit statuses) and Slack bot token',
      properties: Object.values(NOTIFICATIONS_SECRET_KEYS),
    },
  ];
}

function monitoringSecretsOf(cluster: ClusterDefinition): PlatformSecretSpec[] {
  const monitoring = cluster.platform?.monitoring;
  if (monitoring === undefined) return [];
  return [
    {
      secret: 'alertmanager',
      name: platformSecretName(cluster, 'alertmanager'),
      description: 'Alertmanager receiver credentials',
      properties: ['slack-webhook-url', ...(monitoring.alerting.pagerDuty === true ? ['pagerduty-routing-key'] : [])],
    },
    {
      secret: 'grafana',
      name: platformSecretName(cluster, 'grafana'),
      description: 'Grafana admin login',
      properties: ['admin-user', 'admin-password'],
    },
  ];
}

/**
 * Days the Loki bucket keeps objects: Loki's own retention (the cluster's `platform.logging.retentionDays`,
 * else logRetentionDays of the environment), so the lifecycle never deletes logs Loki still serves.
 */
export function lokiRetentionDays(cluster: ClusterDefinition): number {
  return cluster.platform?.logging?.retentionDays ?? logRetentionDays(cluster.environment);
}

/** The apps of the cluster whose own pipeline pushes their image to the cluster's ECR (appPipelineRepositories). */
export function imagePushersOf(
  cluster: ClusterDefinition,
  apps: readonly AppSpec[],
  repositories: Readonly<Record<string, string>>,
): ImagePusher[] {
  for (const [app, repository] of Object.entries(repositories)) {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository)) {
      throw new ConfigError(
        { file: 'infra/settings.ts', field: `appPipelineRepositories.${app}` },
        `"${repository}" is not a GitHub repository as owner/name (for example "acme/${app}")`,
      );
    }
  }
  const registry = `${ecrRegistry(cluster)}/`;
  return apps.flatMap((app) => {
    const githubRepository = repositories[app.name];
    const uri = imageRepositoryUri(cluster, app.imageRepository);
    if (githubRepository === undefined || !uri.startsWith(registry)) return [];
    return [
      {
        app: app.name,
        repositoryName: uri.slice(registry.length),
        cacheRepositoryName: buildCacheRepositoryName(app.name),
        githubRepository,
        roleName: imagePushRoleName(cluster, app.name),
      },
    ];
  });
}

/** ECR repositories of the cluster's apps: every image that lives in the cluster's own registry. */
export function repositoriesOf(cluster: ClusterDefinition, apps: readonly AppSpec[]): string[] {
  const registry = `${ecrRegistry(cluster)}/`;
  return apps
    .map((app) => imageRepositoryUri(cluster, app.imageRepository))
    .filter((uri) => uri.startsWith(registry))
    .map((uri) => uri.slice(registry.length));
}
