import { DataAwsIamRole } from '@cdktn/provider-aws/lib/data-aws-iam-role';
import { IamServiceLinkedRole } from '@cdktn/provider-aws/lib/iam-service-linked-role';
import { TerraformOutput, TerraformStack } from 'cdktn';
import { type Construct } from 'constructs';
import { ConfigError } from '../../lib/errors';
import { backupCopyRegion } from '../../lib/model/backup-region';
import { cidrProblem } from '../../lib/project/rules';
import type { AppSpec } from '../../lib/model/app-spec';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { Environment } from '../../lib/model/environment';
import { platformSecretsOf } from '../../lib/platform-secrets';
import { platformSecretNamespaces } from '../../lib/secret-readers';
import {
  appSecretKey,
  appSecretReaderRoleName,
  backupRetentionDays,
  platformRoleEnabled,
  veleroBucketName,
  IAM_ROLE_NAME_MAX,
  platformSecretReaderRoleName,
  roleArn,
  SECRET_STORE_NAME,
  buildCacheRepositoryName,
  COST_ALLOCATION_TAGS,
  teamBudgetName,
  teamBudgetTopicName,
  imagePushRoleName,
  cacheReplicationGroupId,
  certificateDomainNames,
  dnsZoneNames,
  databaseIdentifier,
  databaseMaxConnections,
  ecrRegistry,
  eksClusterName,
  hostedZoneName,
  imageRepositoryUri,
  infraCiRoleArn,
  infraCiRoleName,
  KARPENTER_DISCOVERY_TAG,
  KARPENTER_SERVICE_ACCOUNT,
  karpenterControllerRoleName,
  karpenterInterruptionQueueName,
  karpenterNodeRoleName,
  logRetentionDays,
  lokiBucketName,
  tempoBucketName,
  nodeVolumeKeyAlias,
  platformRoleName,
  platformRolesOf,
  platformServiceAccount,
  SYSTEM_NODE_POOL_LABEL,
  terraformStateBucketName,
  WAF_RATE_LIMIT_PER_MINUTE,
  vpcName,
  wafWebAclName,
  type PlatformRole,
} from '../../lib/naming';
import { BackupBucket } from '../constructs/backup-bucket';
import { Budget } from '../constructs/budget';
import { CostAllocationTags, ownerTags } from '../constructs/cost-allocation';
import { TeamBudgets } from '../constructs/team-budgets';
import { Cache } from '../constructs/cache';
import { AuditTrail } from '../constructs/audit-trail';
import { CiAccess, GITHUB_OIDC_HOST } from '../constructs/ci-access';
import { Database } from '../constructs/database';
import { DatabaseBackup } from '../constructs/database-backup';
import { DatabaseBackupReplication } from '../constructs/database-backup-replication';
import { Edge } from '../constructs/edge';
import { EksCluster } from '../constructs/eks-cluster';
import { EmptySecrets } from '../constructs/empty-secrets';
import { EncryptionKey, useByRoles, useThroughServices } from '../constructs/encryption-key';
import { ImageRepositories } from '../constructs/image-repositories';
import { type ImagePusher, ImagePushAccess } from '../constructs/image-push-access';
import { Karpenter } from '../constructs/karpenter';
import { LogBucket } from '../constructs/log-bucket';
import { Network } from '../constructs/network';
import {
  cloudWatchExporterStatements,
  loadBalancerControllerStatements,
  PlatformRoles,
  type PlatformRoleSpec,
} from '../constructs/platform-roles';
import { SecretReaders, type SecretReaderSpec } from '../constructs/secret-readers';
import { SecretRotation } from '../constructs/secret-rotation';
import { WafLogging } from '../constructs/waf-logging';
import {
  accountSettings,
  CACHE_ENGINE,
  CACHE_ENGINE_VERSION,
  GITHUB_REPOSITORY,
  infraSettings,
  POSTGRES_MAJOR_VERSION,
  type AccountSettings,
  type InfraSettings,
} from '../settings';
import { configureStack, MINIMUM_TERRAFORM_VERSION, stateKey } from './stack-base';

export { defaultTags, MINIMUM_TERRAFORM_VERSION, stateKey } from './stack-base';

export interface EnvironmentStackProps {
  readonly cluster: AwsClusterDefinition;
  /** Every app spec of the repository by name; the cluster's `apps` picks the ones that run here. */
  readonly apps: Readonly<Record<string, AppSpec>>;
  /** @default the settings of the cluster's environment (infra/settings.ts) */
  readonly settings?: InfraSettings;
  /** @default the settings of the cluster's account (infra/settings.ts accountSettings) */
  readonly account?: AccountSettings;
  /**
   * Whether this stack creates what exists once per account (infra/ci-stacks.ts accountOwners); the other
   * clusters of the account read the GitHub OIDC provider and the Auto Scaling service-linked role.
   * @default true
   */
  readonly ownsAccountResources?: boolean;
}

/**
 * The Terraform releases the stacks are written for, as CDK Terrain's `targetVersions` (an npm semver range per
 * product). cdktn checks version-dependent features against it at synth, e.g. the S3 backend's `useLockfile`
 * fails unless every targeted release supports it. The app passes it as context (`infra/main.ts`); the cdktn
 * CLI reads the same value from `infra/cdktf.json`. OpenTofu is not targeted: CI runs Terraform.
 */
export const TARGET_VERSIONS: Readonly<Record<'terraform', string>> = {
  terraform: `>=${MINIMUM_TERRAFORM_VERSION}`,
};

/** The GitHub environment whose jobs may assume the apply role of a cluster. */
export function infraApplyEnvironment(cluster: AwsClusterDefinition): string {
  return `infra-${cluster.name}`;
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
    const accountConfig = sharedWithinAccount(
      props.account ?? accountSettings(account),
      account,
      props.ownsAccountResources ?? true,
    );
    configureStack(this, cluster, settings, 'main');

    const deletionWindowDays = production ? 30 : 7;
    const keyProps = { deletionWindowDays, accountId: account };
    const dataKey = new EncryptionKey(this, 'data-key', {
      ...keyProps,
      alias: `${name}-data`,
      description: `Data stores of ${name}: database, cache, secrets, images, logs`,
    });
    dataKey.attachPolicy(
      useThroughServices('DataStoresUseKey', account, region, ['rds', 'elasticache', 'secretsmanager', 's3', 'ecr']),
    );
    const eksKey = new EncryptionKey(this, 'eks-key', {
      ...keyProps,
      alias: `${name}-eks-secrets`,
      description: `Kubernetes secrets of EKS cluster ${name}`,
    });
    const volumeKey = new EncryptionKey(this, 'node-volume-key', {
      ...keyProps,
      alias: nodeVolumeKeyAlias(cluster).replace(/^alias\//, ''),
      description: `EBS volumes of the nodes and persistent volumes of EKS cluster ${name}`,
    });
    // KMS refuses a key policy that names a role which does not exist: the Auto Scaling service-linked role
    // appears only with an account's first Auto Scaling group, so the stack creates it (or reads it).
    const autoScalingRoleArn =
      accountConfig.autoScalingServiceLinkedRole === 'create'
        ? new IamServiceLinkedRole(this, 'autoscaling-service-linked-role', {
            awsServiceName: 'autoscaling.amazonaws.com',
            description: 'EC2 Auto Scaling (EKS managed node groups)',
          }).arn
        : new DataAwsIamRole(this, 'autoscaling-service-linked-role', { name: 'AWSServiceRoleForAutoScaling' }).arn;

    const discoveryTag = { key: KARPENTER_DISCOVERY_TAG, value: name };
    const network = new Network(this, 'network', {
      name,
      vpcName: vpcName(cluster),
      cidr: cluster.vpcCidr,
      natGateways: settings.natGateways,
      flowLogRetentionDays: logRetentionDays(cluster.environment),
      privateSubnetTags: { [discoveryTag.key]: discoveryTag.value },
    });
    const privateSubnetIds = network.privateSubnets.map((subnet) => subnet.id);
    const databaseSubnetIds = network.databaseSubnets.map((subnet) => subnet.id);

    const ci = new CiAccess(this, 'ci', {
      accountId: account,
      region,
      githubRepository: GITHUB_REPOSITORY,
      boundaryPolicyName: `${name}-ci-boundary`,
      applyEnvironment: infraApplyEnvironment(cluster),
      planRoleName: infraCiRoleName(cluster, 'plan'),
      applyRoleName: infraCiRoleName(cluster, 'apply'),
      iamNamePrefix: name,
      stateBucketName: terraformStateBucketName(cluster),
      // Both phases: the roles plan and apply the dns stack too.
      stateKeys: [stateKey(cluster, 'dns'), stateKey(cluster, 'main')],
      oidcProvider: accountConfig.githubOidcProvider,
    });

    const access: Record<string, 'admin' | 'view'> = {};
    for (const role of settings.adminRoleNames) access[`arn:aws:iam::${account}:role/${role}`] = 'admin';
    access[infraCiRoleArn(cluster, 'apply')] = 'admin';
    // The plan role gets no Kubernetes access: the stack uses AWS APIs only, and EKS view policies read Secrets.
    const eks = new EksCluster(this, 'eks', {
      name,
      accountId: account,
      kubernetesVersion: cluster.kubernetesVersion,
      privateSubnetIds,
      secretsKeyArn: eksKey.arn,
      nodeVolumeKeyArn: volumeKey.arn,
      logRetentionDays: logRetentionDays(cluster.environment),
      apiPublicAccessCidrs: apiPublicAccessCidrs(cluster),
      nodeInstanceTypes: settings.nodeInstanceTypes,
      nodeMinSize: settings.nodeMinSize,
      nodeDesiredSize: settings.nodeDesiredSize,
      nodeMaxSize: settings.nodeMaxSize,
      nodeDiskGi: settings.nodeDiskGi,
      systemPoolLabel: SYSTEM_NODE_POOL_LABEL,
      discoveryTag,
      deletionProtection: production,
      access,
      // The access entries name the CI roles by ARN: create the roles first.
      accessDependsOn: [ci.planRole, ci.applyRole],
    });
    const karpenter = new Karpenter(this, 'karpenter', {
      clusterName: name,
      accountId: account,
      region,
      cluster: eks,
      controllerRoleName: karpenterControllerRoleName(cluster),
      nodeRoleName: karpenterNodeRoleName(cluster),
      queueName: karpenterInterruptionQueueName(cluster),
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
    });
    // EKS encrypts secrets as the cluster role; accounts' principals (the CI apply role creating the cluster)
    // only through EKS.
    eksKey.attachPolicy([
      ...useByRoles('ClusterRoleUsesKey', [eks.clusterRole.arn]),
      ...useThroughServices('CreateClusterThroughEks', account, region, ['eks']),
    ]);
    // Node volumes: EC2 Auto Scaling launches the managed nodes, Karpenter's controller its nodes, the EBS CSI
    // driver creates persistent volumes; the nodes themselves only through EC2 (attaching volumes).
    const volumeKeyPolicy = volumeKey.attachPolicy([
      ...useByRoles('AutoScalingUsesKey', [autoScalingRoleArn]),
      ...useByRoles(
        'LaunchersUseKeyThroughEc2',
        [karpenter.controllerRole.arn, eks.ebsCsiRole.arn, eks.nodeRole.arn, karpenter.nodeRole.arn],
        `ec2.${region}.amazonaws.com`,
      ),
    ]);
    eks.nodesWaitFor(volumeKeyPolicy);

    const edge = new Edge(this, 'edge', {
      zoneName: hostedZoneName(cluster),
      certificateDomainNames: certificateDomainNames(cluster),
      extraZoneNames: dnsZoneNames(cluster).slice(1),
      webAclName: wafWebAclName(cluster),
      rateLimitPerMinute: WAF_RATE_LIMIT_PER_MINUTE,
    });
    new WafLogging(this, 'waf-logging', {
      webAclName: wafWebAclName(cluster),
      webAclArn: edge.webAcl.arn,
      retentionDays: logRetentionDays(cluster.environment),
    });
    new AuditTrail(this, 'audit-trail', {
      name,
      accountId: account,
      region,
      trailBucketName: `${name}-${account}-audit-trail`,
      accessLogBucketName: `${name}-${account}-access-logs`,
      retentionDays: settings.auditLogRetentionDays,
      lockMode: settings.auditLogLockMode,
      stateBucketName: terraformStateBucketName(cluster),
      deletionWindowDays,
    });
    const logs = new LogBucket(this, 'loki-bucket', {
      bucketName: lokiBucketName(cluster),
      retentionDays: lokiRetentionDays(cluster),
      encryptionKeyArn: dataKey.arn,
    });
    // Tempo deletes blocks after the cluster's trace retention; the lifecycle is a backstop a day later, so it never
    // removes a block Tempo still lists (its blocklist would point at a missing object until the next poll).
    const traces =
      cluster.platform?.tracing === undefined
        ? undefined
        : new LogBucket(this, 'tempo-bucket', {
            bucketName: tempoBucketName(cluster),
            retentionDays: traceRetentionDays(cluster) + 1,
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
      tags: new Map(
        [...secretsOf(cluster, apps)].map(([secret, readers]) => [secret, ownerTags(ownersOf(apps, readers))]),
      ),
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
    // One reader role per app with secrets and one for the platform, each for exactly its secrets.
    const secretReaders = secretReadersOf(cluster, apps, (secret) => {
      const arn = appSecrets.arnsByName.get(secret) ?? platformSecrets.arnsByName.get(secret);
      if (arn === undefined) throw new Error(`secret "${secret}" is read but not created`);
      return arn;
    });
    new ImageRepositories(this, 'ecr', {
      names: repositoriesOf(cluster, apps),
      encryptionKeyArn: dataKey.arn,
      tags: new Map(
        repositoriesOf(cluster, apps).map((repository) => [
          repository,
          ownerTags(
            apps
              .filter(
                (app) => imageRepositoryUri(cluster, app.imageRepository) === `${ecrRegistry(cluster)}/${repository}`,
              )
              .map((app) => ({ app: app.name, team: app.team })),
          ),
        ]),
      ),
    });
    new ImagePushAccess(this, 'image-push', {
      accountId: account,
      region: cluster.awsRegion,
      githubOidcProviderArn: ci.oidcProviderArn,
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
    // Velero's bucket lives in the backup copy region, and only in clusters that run backups.
    const veleroBucket = platformRoleEnabled(cluster, 'velero')
      ? new BackupBucket(this, 'velero-bucket', {
          bucketName: veleroBucketName(cluster),
          accountId: account,
          region: backupCopyRegion(cluster),
          retentionDays: backupRetentionDays(cluster),
          lockMode: settings.backupBucketLockMode,
          keyDeletionWindowDays: deletionWindowDays,
        })
      : undefined;
    const platformRoles = new PlatformRoles(this, 'platform-roles', {
      accountId: account,
      cluster: eks,
      roles: [
        roleSpec('external-secrets', [
          // The controller reads no secret itself: it assumes the reader role of the store it syncs.
          {
            sid: 'NoDirectSecretAccess',
            effect: 'Deny',
            actions: ['secretsmanager:GetSecretValue'],
            resources: ['*'],
          },
          ...(secretReaders.length === 0
            ? []
            : [
                {
                  sid: 'AssumeSecretReaders',
                  actions: ['sts:AssumeRole', 'sts:TagSession'],
                  resources: secretReaders.map((reader) => roleArn(cluster, reader.roleName)),
                },
              ]),
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
        roleSpec('cloudwatch-exporter', cloudWatchExporterStatements(region)),
        ...(traces === undefined
          ? []
          : [
              roleSpec('tempo', [
                { sid: 'ListTraceBucket', actions: ['s3:ListBucket'], resources: [traces.bucket.arn] },
                {
                  sid: 'ReadWriteTraceObjects',
                  actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
                  resources: [`${traces.bucket.arn}/*`],
                },
                {
                  sid: 'EncryptTraceObjects',
                  actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
                  resources: [dataKey.arn],
                  conditions: [viaService('s3')],
                },
              ]),
            ]),
        roleSpec('external-dns', [
          {
            sid: 'ChangeClusterZones',
            actions: [
              'route53:ChangeResourceRecordSets',
              'route53:ListResourceRecordSets',
              'route53:ListTagsForResource',
            ],
            resources: edge.zones.map((zone) => zone.arn),
          },
          { sid: 'FindZones', actions: ['route53:ListHostedZones', 'route53:ListTagsForResources'], resources: ['*'] },
        ]),
        ...(veleroBucket === undefined ? [] : [roleSpec('velero', veleroBucket.veleroStatements())]),
      ].filter((spec) => platformRolesOf(cluster).includes(spec.component)),
    });

    new SecretReaders(this, 'secret-readers', {
      // A reference, not a name: the trust policy's principal must exist first.
      controllerRoleArn: platformRoles.roles['external-secrets']!.arn,
      encryptionKeyArn: dataKey.arn,
      region,
      readers: secretReaders,
    });

    const database = new Database(this, 'database', {
      identifier: databaseIdentifier(cluster),
      engineVersion: POSTGRES_MAJOR_VERSION,
      maxConnections: databaseMaxConnections(cluster.environment),
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
    new SecretRotation(this, 'secret-rotation', {
      name,
      accountId: account,
      managedSecretArns: [database.instance.masterUserSecret.get(0).secretArn],
      manualSecretNames: [
        ...secretsOf(cluster, apps).keys(),
        ...platformSecretsOf(cluster).map((secret) => secret.name),
      ],
      reminderEmails: settings.secretRotationReminderEmails,
    });
    new DatabaseBackup(this, 'database-backup', {
      name,
      accountId: account,
      region,
      databaseArn: database.instance.arn,
      retentionDays: settings.databaseBackupRetentionDays,
      keyDeletionWindowDays: deletionWindowDays,
      lock: settings.backupVaultLock,
      // Resolved (and checked) only when the environment copies at all.
      copyRegion: settings.backupCopy ? backupCopyRegion(cluster) : undefined,
    });
    // Point-in-time restore in the copy region within the RPO: RDS replicates the transaction logs continuously.
    if (settings.backupCopy) {
      new DatabaseBackupReplication(this, 'database-backup-replication', {
        name,
        accountId: account,
        databaseArn: database.instance.arn,
        region,
        copyRegion: backupCopyRegion(cluster),
        retentionDays: settings.databaseBackupRetentionDays,
        keyDeletionWindowDays: deletionWindowDays,
      });
    }
    new Budget(this, 'budget', {
      name: `${name}-monthly`,
      monthlyLimitUsd: settings.monthlyBudgetUsd,
      alertEmails: settings.budgetAlertEmails,
    });
    new TeamBudgets(this, 'team-budgets', {
      accountId: account,
      name,
      deletionWindowDays,
      scopeTags: { cluster: cluster.name },
      teams: teamsOf(apps).map((team) => ({
        team,
        budgetName: teamBudgetName(cluster, team),
        topicName: teamBudgetTopicName(cluster, team),
        monthlyLimitUsd: settings.teamMonthlyBudgetsUsd?.[team] ?? settings.teamMonthlyBudgetUsd,
        ...(settings.teamBudgetAlertEmails?.[team] === undefined
          ? {}
          : { alertEmails: settings.teamBudgetAlertEmails[team] }),
      })),
    });
    // Once per account, like the OIDC provider: activation is an account setting.
    if (props.ownsAccountResources ?? true) {
      new CostAllocationTags(this, 'cost-allocation-tags', { tagKeys: COST_ALLOCATION_TAGS });
    }

    const outputs: Record<string, unknown> = {
      'eks-cluster-name': eks.cluster.name,
      'eks-cluster-endpoint': eks.cluster.endpoint,
      'karpenter-interruption-queue': karpenter.queue.name,
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

/** What a stack that does not own the account's shared resources does: read them where they would be created. */
function sharedWithinAccount(settings: AccountSettings, accountId: string, owner: boolean): AccountSettings {
  if (owner) return settings;
  return {
    githubOidcProvider:
      settings.githubOidcProvider === 'create'
        ? { existingArn: `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}` }
        : settings.githubOidcProvider,
    autoScalingServiceLinkedRole: 'existing',
  };
}

/** The cluster's public API CIDRs, each checked to be an IPv4 CIDR block (as `npm run synth` checks them). */
export function apiPublicAccessCidrs(cluster: AwsClusterDefinition): readonly string[] {
  const cidrs = cluster.apiPublicAccessCidrs ?? [];
  for (const [index, cidr] of cidrs.entries()) {
    const problem = cidrProblem(cidr);
    if (problem !== undefined) {
      throw new ConfigError(
        { file: `clusters/${cluster.name}.ts`, cluster: cluster.name, field: `apiPublicAccessCidrs[${index}]` },
        problem,
      );
    }
  }
  return cidrs;
}

/** The specs of the apps that run in the cluster; an unknown app name is an input error. */
function enabledApps(cluster: AwsClusterDefinition, specs: Readonly<Record<string, AppSpec>>): AppSpec[] {
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

/** The teams of the cluster's apps, sorted. */
export function teamsOf(apps: readonly AppSpec[]): string[] {
  return [...new Set(apps.map((app) => app.team))].sort();
}

/** The owners (app and team) of the named apps. */
function ownersOf(apps: readonly AppSpec[], names: readonly string[]): { app: string; team: string }[] {
  return apps.filter((app) => names.includes(app.name)).map((app) => ({ app: app.name, team: app.team }));
}

/** Every distinct Secrets Manager secret the cluster's apps read, with the apps that read it. */
export function secretsOf(cluster: AwsClusterDefinition, apps: readonly AppSpec[]): Map<string, string[]> {
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

/**
 * The reader roles of a cluster (see infra/constructs/secret-readers.ts): one per app that reads secrets, for
 * its SecretStore in its namespace, and one for the platform's ClusterSecretStore and its namespaces.
 */
export function secretReadersOf(
  cluster: AwsClusterDefinition,
  apps: readonly AppSpec[],
  arnOf: (secret: string) => string,
): SecretReaderSpec[] {
  const readers: SecretReaderSpec[] = [];
  for (const app of apps) {
    const secrets = [...new Set(Object.values(app.secrets ?? {}).map((ref) => appSecretKey(cluster, app.name, ref)))];
    if (secrets.length === 0) continue;
    const roleName = appSecretReaderRoleName(cluster, app.name);
    if (roleName.length > IAM_ROLE_NAME_MAX) {
      throw new ConfigError(
        { file: `clusters/${cluster.name}.ts`, cluster: cluster.name, app: app.name, field: `apps.${app.name}` },
        `the secret reader role "${roleName}" is ${roleName.length} characters, IAM allows ${IAM_ROLE_NAME_MAX}: shorten the app or cluster name`,
      );
    }
    readers.push({
      id: `app-${app.name}`,
      roleName,
      description: `Reads the secrets of app ${app.name}; assumed by External Secrets for the SecretStore in namespace ${app.name}`,
      storeKind: 'SecretStore',
      storeName: SECRET_STORE_NAME,
      namespaces: [app.name],
      secretArns: secrets.sort().map(arnOf),
    });
  }
  const platform = platformSecretsOf(cluster).map((secret) => secret.name);
  if (platform.length > 0) {
    readers.push({
      id: 'platform',
      roleName: platformSecretReaderRoleName(cluster),
      description: 'Reads the platform secrets; assumed by External Secrets for the platform ClusterSecretStore',
      storeKind: 'ClusterSecretStore',
      storeName: SECRET_STORE_NAME,
      namespaces: platformSecretNamespaces(cluster),
      secretArns: platform.sort().map(arnOf),
    });
  }
  return readers;
}

export { platformSecretsOf, type PlatformSecretSpec } from '../../lib/platform-secrets';

/** Days Tempo keeps traces: the cluster's `platform.tracing.retentionDays`, else DEFAULTS.traceRetentionDays. */
export function traceRetentionDays(cluster: AwsClusterDefinition): number {
  return cluster.platform?.tracing?.retentionDays ?? DEFAULTS.traceRetentionDays;
}

/**
 * Days the Loki bucket keeps objects: Loki's own retention (the cluster's `platform.logging.retentionDays`,
 * else logRetentionDays of the environment), so the lifecycle never deletes logs Loki still serves.
 */
export function lokiRetentionDays(cluster: AwsClusterDefinition): number {
  return cluster.platform?.logging?.retentionDays ?? logRetentionDays(cluster.environment);
}

/** The apps of the cluster whose own pipeline pushes their image to the cluster's ECR (appPipelineRepositories). */
export function imagePushersOf(
  cluster: AwsClusterDefinition,
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
export function repositoriesOf(cluster: AwsClusterDefinition, apps: readonly AppSpec[]): string[] {
  const registry = `${ecrRegistry(cluster)}/`;
  return apps
    .map((app) => imageRepositoryUri(cluster, app.imageRepository))
    .filter((uri) => uri.startsWith(registry))
    .map((uri) => uri.slice(registry.length));
}
