import { readFileSync } from 'node:fs';
import { Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import { defineApp, type WorkloadKind, type AppSpec } from '../../../lib/model/app-spec';
import { defineCluster, type AwsClusterDefinition } from '../../../lib/model/cluster';
import { LokiMode } from '../../../lib/model/platform-settings';
import {
  appSecretReaderRoleName,
  CLUSTER_TAG,
  databaseMaxConnections,
  ecrRepositoryName,
  logRetentionDays,
  lokiBucketName,
  platformRoleName,
  platformSecretName,
  platformServiceAccount,
  tempoBucketName,
  terraformStateBucketName,
  vpcName,
  wafWebAclName,
  type PlatformRole,
} from '../../../lib/naming';
import { repositorySlug } from '../../../lib/repository';
import { NOTIFICATIONS_SECRET_KEYS } from '../../../lib/argocd/notifications';
import {
  EnvironmentStack,
  MINIMUM_TERRAFORM_VERSION,
  platformSecretsOf,
  TARGET_VERSIONS,
} from '../../../infra/stacks/environment-stack';
import { infraSettings } from '../../../infra/settings';
import { type TerraformJson } from '../../../infra/policies/terraform-json';
import { PAGERDUTY_KEY, SLACK_WEBHOOK_KEY } from '../../../platform/monitoring/alertmanager-config';
import {
  GRAFANA_ADMIN_PASSWORD_KEY,
  GRAFANA_ADMIN_USER_KEY,
} from '../../../platform/monitoring/kube-prometheus-stack-values';
import {
  APPS,
  all,
  documentOf,
  named,
  only,
  policyDocuments,
  production,
  roleStatements,
  secretArnReference,
  staging,
  synthStack,
  synthText,
} from '../helpers';

/** The ECR repositories of app images (build caches, test/infra/constructs/image-push-access.test.ts, aside). */
function imageRepositories(json: ReturnType<typeof synthStack>): Record<string, unknown>[] {
  return all(json, 'aws_ecr_repository').filter((repository) => !String(repository.name).startsWith('build-cache/'));
}

const PLATFORM_ROLES: PlatformRole[] = ['external-secrets', 'loki', 'aws-load-balancer-controller', 'external-dns'];

/** Secrets Manager secrets of the repository's clusters: every app of the cluster reads one, and monitoring two. */
const CLUSTER_SECRETS = (cluster: AwsClusterDefinition) =>
  [
    `${cluster.name}/apps/gateway`,
    `${cluster.name}/apps/web`,
    `${cluster.name}/apps/worker`,
    ...platformSecretsOf(cluster).map((secret) => secret.name),
  ].sort();

describe.each([
  { cluster: staging, nats: 1, backupDays: 7, logDays: 30, production: false },
  { cluster: production, nats: 3, backupDays: 30, logDays: 90, production: true },
])('stack $cluster.name', ({ cluster, nats, backupDays, logDays, production: isProduction }) => {
  const json = synthStack(cluster);
  const text = JSON.stringify(json);
  // The opt-in components (YACE, Tempo) on and off: synthesized once, for the tests that need them.
  let optIns: { on: TerraformJson; off: TerraformJson } | undefined;
  const optInStacks = () =>
    (optIns ??= {
      on: synthStack({ ...cluster, platform: { ...cluster.platform, cloudwatch: {}, tracing: { retentionDays: 7 } } }),
      off: synthStack({ ...cluster, platform: { ...cluster.platform, cloudwatch: undefined, tracing: undefined } }),
    });

  it('keeps state in the environment bucket with native S3 locking', () => {
    expect(json.terraform?.backend).toEqual({
      s3: {
        bucket: terraformStateBucketName(cluster),
        key: `infra/${cluster.name}.tfstate`,
        region: cluster.awsRegion,
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(text).not.toContain('dynamodb');
    expect(json.terraform?.required_version).toBe('>= 1.10.0');
  });

  it('tags every resource with environment, owner and cost center, in the cluster account only', () => {
    const provider = json.provider?.aws?.[0] as Record<string, unknown>;
    expect(provider.region).toBe(cluster.awsRegion);
    expect(provider.allowed_account_ids).toEqual([cluster.awsAccountId]);
    expect(provider.default_tags).toEqual([
      {
        tags: expect.objectContaining({
          environment: cluster.environment,
          owner: 'platform-team',
          'cost-center': 'cc-1042-platform',
          'managed-by': 'cdktn',
        }) as unknown,
      },
    ]);
  });

  it('spans three zones with public, private and database subnets, and flow logs', () => {
    expect(only(json, 'aws_vpc')).toMatchObject({ cidr_block: cluster.vpcCidr, enable_dns_hostnames: true });
    const subnets = all(json, 'aws_subnet');
    const cidrs = (kind: string) =>
      subnets.filter((subnet) => String((subnet.tags as Record<string, string>).Name).includes(`-${kind}-`)).length;
    expect([cidrs('public'), cidrs('private'), cidrs('database')]).toEqual([3, 3, 3]);
    expect(new Set(subnets.map((subnet) => subnet.cidr_block)).size).toBe(9);
    expect(only(json, 'aws_flow_log')).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
  });

  it('tags the VPC with the Name the AWS Load Balancer Controller looks it up by', () => {
    expect(only(json, 'aws_vpc').tags).toEqual({ Name: vpcName(cluster) });
  });

  it(`has ${nats} NAT gateway(s)`, () => {
    expect(all(json, 'aws_nat_gateway')).toHaveLength(nats);
    const privateRoutes = all(json, 'aws_route_table').filter((table) =>
      String((table.tags as Record<string, string>).Name).includes('-private-'),
    );
    expect(privateRoutes).toHaveLength(3);
    expect(new Set(privateRoutes.map((table) => JSON.stringify(table.route))).size).toBe(nats);
  });

  it('runs EKS at the cluster definition version with encrypted secrets and control-plane logs', () => {
    const eks = only(json, 'aws_eks_cluster');
    expect(eks).toMatchObject({
      name: cluster.name,
      version: cluster.kubernetesVersion,
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      encryption_config: { resources: ['secrets'] },
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      deletion_protection: isProduction,
    });
    expect(
      Testing.toHaveResourceWithProperties(text, 'aws_cloudwatch_log_group', {
        name: `/aws/eks/${cluster.name}/cluster`,
        retention_in_days: logDays,
      }),
    ).toBe(true);
  });

  it('runs a managed node group in the private subnets with IMDSv2 required', () => {
    const nodes = only(json, 'aws_eks_node_group');
    const controlPlane = only(json, 'aws_eks_cluster').vpc_config as Record<string, unknown>;
    expect(nodes.subnet_ids).toEqual(controlPlane.subnet_ids);
    expect(String(nodes.subnet_ids)).toContain('network_private-a');
    const settings = infraSettings(cluster.environment);
    expect(nodes.scaling_config).toEqual({
      min_size: settings.nodeMinSize,
      desired_size: settings.nodeDesiredSize,
      max_size: settings.nodeMaxSize,
    });
    expect(only(json, 'aws_launch_template').metadata_options).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
    });
  });

  it('installs the core add-ons, the Pod Identity agent, the EBS CSI driver and the CSI snapshot controller', () => {
    expect(
      all(json, 'aws_eks_addon')
        .map((addon) => addon.addon_name)
        .sort(),
    ).toEqual([
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'snapshot-controller',
      'vpc-cni',
    ]);
  });

  it('gives admins and the CI apply role cluster-admin, the CI plan role no Kubernetes access', () => {
    const associations = all(json, 'aws_eks_access_policy_association').map((association) => ({
      principal: association.principal_arn,
      policy: String(association.policy_arn).split('/').pop(),
    }));
    expect(associations).toHaveLength(2);
    for (const entry of all(json, 'aws_eks_access_entry').filter((entry) => entry.type === 'STANDARD')) {
      expect(entry.depends_on).toEqual([
        expect.stringContaining('ci_plan-role'),
        expect.stringContaining('ci_apply-role'),
      ]);
    }
    expect(text).toContain(`arn:aws:iam::${cluster.awsAccountId}:role/platform-admin`);
    expect(associations.map((association) => association.policy).sort()).toEqual([
      'AmazonEKSClusterAdminPolicy',
      'AmazonEKSClusterAdminPolicy',
    ]);
    expect(associations.map((association) => String(association.principal)).join(' ')).not.toContain('-infra-plan');
  });

  it.each(PLATFORM_ROLES)('gives %s a Pod Identity role named by lib/naming', (component) => {
    const role = named(json, 'aws_iam_role', 'name', platformRoleName(cluster, component));
    const trust = documentOf(json, role.assume_role_policy).statement as Record<string, unknown>[];
    expect(trust).toEqual([
      expect.objectContaining({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
      }),
    ]);
    const { namespace, serviceAccount } = platformServiceAccount(component);
    expect(
      Testing.toHaveResourceWithProperties(text, 'aws_eks_pod_identity_association', {
        namespace,
        service_account: serviceAccount,
      }),
    ).toBe(true);
  });

  it('limits External Secrets to the environment secrets, Loki to its bucket, external-dns to the zone', () => {
    const statementsOf = (component: PlatformRole) => roleStatements(json, platformRoleName(cluster, component));
    const readers = all(json, 'aws_iam_role')
      .map((role) => String(role.name))
      .filter((name) => name.includes('-secrets-') || name.endsWith('-platform-secrets'));
    const read = readers.flatMap(
      (name) => roleStatements(json, name).find((statement) => statement.sid === 'ReadOwnSecrets')?.resources ?? [],
    );
    expect([...read].sort()).toEqual(
      CLUSTER_SECRETS(cluster)
        .map((name) => secretArnReference(json, name))
        .sort(),
    );
    expect(statementsOf('external-secrets').map((statement) => statement.sid)).toEqual([
      'NoDirectSecretAccess',
      'AssumeSecretReaders',
    ]);
    const bucketId = Object.entries(json.resource?.aws_s3_bucket ?? {}).find(
      ([, bucket]) => bucket.bucket === lokiBucketName(cluster),
    )?.[0];
    const bucketArn = `\${aws_s3_bucket.${bucketId}.arn}`;
    expect(statementsOf('loki').map((statement) => ({ sid: statement.sid, resources: statement.resources }))).toEqual([
      { sid: 'ListLogBucket', resources: [bucketArn] },
      { sid: 'ReadWriteLogObjects', resources: [`${bucketArn}/*`] },
      { sid: 'EncryptLogObjects', resources: [expect.stringContaining('aws_kms_key.data-key')] },
    ]);
    const dns = statementsOf('external-dns').find((statement) => statement.sid === 'ChangeClusterZones');
    expect(dns?.resources).toEqual([expect.stringContaining('aws_route53_zone.edge_zone')]);
  });

  it(`runs encrypted PostgreSQL 18 with ${backupDays}-day backups and a managed master password`, () => {
    expect(only(json, 'aws_db_instance')).toMatchObject({
      identifier: `${cluster.name}-postgres`,
      engine: 'postgres',
      engine_version: '18',
      storage_encrypted: true,
      backup_retention_period: backupDays,
      manage_master_user_password: true,
      multi_az: isProduction,
      deletion_protection: isProduction,
      publicly_accessible: false,
    });
    expect(text).not.toMatch(/"password"/);
  });

  it('sets max_connections from lib/naming in the database parameter group, so the connection alert knows it', () => {
    const group = only(json, 'aws_db_parameter_group');
    expect(group).toMatchObject({
      family: `postgres${String(only(json, 'aws_db_instance').engine_version)}`,
      parameter: [
        {
          name: 'max_connections',
          value: String(databaseMaxConnections(cluster.environment)),
          apply_method: 'pending-reboot',
        },
      ],
    });
    expect(only(json, 'aws_db_instance').parameter_group_name).toBe(
      `\${aws_db_parameter_group.${Object.keys(json.resource!.aws_db_parameter_group!)[0]}.name}`,
    );
  });

  it('gives YACE a role only where platform.cloudwatch runs it, reading CloudWatch metrics and tags in the region only', () => {
    const role = platformRoleName(cluster, 'cloudwatch-exporter');
    const roles = (stack: typeof json) => all(stack, 'aws_iam_role').map((entry) => entry.name);
    const { on: withCloudWatch, off: without } = optInStacks();
    expect(roles(without)).not.toContain(role);
    expect(roles(withCloudWatch)).toContain(role);
    const { namespace, serviceAccount } = platformServiceAccount('cloudwatch-exporter');
    expect(
      Testing.toHaveResourceWithProperties(JSON.stringify(withCloudWatch), 'aws_eks_pod_identity_association', {
        namespace,
        service_account: serviceAccount,
      }),
    ).toBe(true);
    const statements = roleStatements(withCloudWatch, role);
    expect(statements).toEqual([
      {
        sid: 'ReadTaggedResourceMetrics',
        effect: 'Allow',
        actions: [
          'tag:GetResources',
          'cloudwatch:GetMetricData',
          'cloudwatch:GetMetricStatistics',
          'cloudwatch:ListMetrics',
        ],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: [cluster.awsRegion] }],
      },
      { sid: 'ReadAccountAlias', effect: 'Allow', actions: ['iam:ListAccountAliases'], resources: ['*'] },
    ]);
    // YACE discovers the database and cache by the cluster tag every resource of the stack carries.
    const provider = json.provider?.aws?.[0] as { default_tags: { tags: Record<string, string> }[] };
    expect(provider.default_tags[0]!.tags[CLUSTER_TAG]).toBe(cluster.name);
  });

  it('runs Valkey with TLS, encryption at rest, IAM auth and failover in production', () => {
    expect(only(json, 'aws_elasticache_replication_group')).toMatchObject({
      engine: 'valkey',
      transit_encryption_enabled: true,
      at_rest_encryption_enabled: 'true',
      automatic_failover_enabled: isProduction,
      multi_az_enabled: isProduction,
      num_cache_clusters: isProduction ? 2 : 1,
    });
    expect(all(json, 'aws_elasticache_user').map((user) => user.authentication_mode)).toEqual(
      expect.arrayContaining([{ type: 'iam' }]),
    );
  });

  it('admits only the cluster nodes to the database and the cache', () => {
    const rules = all(json, 'aws_vpc_security_group_ingress_rule');
    expect(rules.map((rule) => rule.from_port).sort()).toEqual([5432, 6379]);
    for (const rule of rules) {
      expect(rule.referenced_security_group_id).toContain('aws_eks_cluster.eks_cluster');
      expect(rule.vpc_security_group_ingress_rule ?? rule.cidr_ipv4).toBeUndefined();
    }
  });

  it('creates one immutable, scanned ECR repository per app', () => {
    const repositories = imageRepositories(json);
    expect(repositories.map((repository) => repository.name).sort()).toEqual(
      Object.keys(cluster.apps)
        .map((app) => ecrRepositoryName(APPS[app]!.imageRepository))
        .sort(),
    );
    for (const repository of repositories) {
      expect(repository).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
      });
    }
    // Image repositories and their build caches each have a lifecycle policy.
    expect(all(json, 'aws_ecr_lifecycle_policy')).toHaveLength(all(json, 'aws_ecr_repository').length);
  });

  it('reads the zone phase 1 created, has a certificate for the domain and its subdomains, and a rate-limited WAF', () => {
    expect(json.resource?.aws_route53_zone).toBeUndefined();
    expect(Object.values(json.data?.aws_route53_zone ?? {})).toEqual([
      { name: cluster.baseDomain, private_zone: false },
    ]);
    expect(only(json, 'aws_acm_certificate')).toMatchObject({
      domain_name: cluster.baseDomain,
      subject_alternative_names: [`*.${cluster.baseDomain}`],
      validation_method: 'DNS',
    });
    const acl = only(json, 'aws_wafv2_web_acl');
    expect(acl.name).toBe(wafWebAclName(cluster));
    const rules = acl.rule as { name: string; statement: Record<string, Record<string, unknown>> }[];
    expect(rules[0]!.statement.rate_based_statement).toEqual({
      limit: 1000,
      evaluation_window_sec: 60,
      aggregate_key_type: 'IP',
    });
    expect(rules.slice(1).map((rule) => rule.statement.managed_rule_group_statement?.vendor_name)).toEqual([
      'AWS',
      'AWS',
      'AWS',
      'AWS',
    ]);
  });

  it('lets the AWS Load Balancer Controller find the web ACL the Ingresses name and attach it', () => {
    const statements = roleStatements(json, platformRoleName(cluster, 'aws-load-balancer-controller'));
    const actions = statements.flatMap((statement) => statement.actions as string[]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'wafv2:ListWebACLs',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'elasticloadbalancing:SetWebAcl',
      ]),
    );
  });

  it('creates the platform secrets monitoring and Argo CD notifications read, empty, with the JSON properties it expects', () => {
    const descriptions = Object.fromEntries(
      all(json, 'aws_secretsmanager_secret')
        .filter((secret) => String(secret.name).includes('/platform/'))
        .map((secret) => [secret.name, secret.description]),
    );
    const receivers = [SLACK_WEBHOOK_KEY, ...(isProduction ? [PAGERDUTY_KEY] : [])];
    expect(descriptions).toEqual({
      ...(cluster.argocd?.sso === undefined
        ? {}
        : {
            [platformSecretName(cluster, 'argocd')]:
              'Argo CD SSO (OIDC) client secret (JSON properties: oidc-client-secret); set outside git',
          }),
      [platformSecretName(cluster, 'alertmanager')]:
        `Alertmanager receiver credentials (JSON properties: ${receivers.join(', ')}); set outside git`,
      [platformSecretName(cluster, 'grafana')]:
        `Grafana admin login (JSON properties: ${GRAFANA_ADMIN_USER_KEY}, ${GRAFANA_ADMIN_PASSWORD_KEY}); set outside git`,
      ...(cluster.argocd?.notifications === undefined
        ? {}
        : {
            [platformSecretName(cluster, 'argocd-notifications')]:
              `Argo CD notifications: GitHub App private key (commit statuses) and Slack bot token (JSON properties: ${Object.values(NOTIFICATIONS_SECRET_KEYS).join(', ')}); set outside git`,
          }),
    });
    expect(json.resource?.aws_secretsmanager_secret_version).toBeUndefined();
  });

  it(`keeps Loki logs ${logDays} days in a private encrypted bucket`, () => {
    expect(lokiBucketPart(json, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      expect.objectContaining({ expiration: [{ days: logDays }], status: 'Enabled' }),
    ]);
    expect(lokiBucketPart(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      expect.objectContaining({
        apply_server_side_encryption_by_default: expect.objectContaining({ sse_algorithm: 'aws:kms' }) as unknown,
      }),
    ]);
  });

  it('keeps traces only where platform.tracing runs Tempo: a protected bucket expiring a day after Tempo, a role for it alone', () => {
    const { on: traced, off: none } = optInStacks();
    expect(all(none, 'aws_s3_bucket').map((bucket) => bucket.bucket)).not.toContain(tempoBucketName(cluster));
    expect(all(none, 'aws_iam_role').map((role) => role.name)).not.toContain(platformRoleName(cluster, 'tempo'));

    const isTraces = (name: string) => name === tempoBucketName(cluster);
    expect(bucketPart(traced, 'aws_s3_bucket_lifecycle_configuration', isTraces).rule).toEqual([
      expect.objectContaining({ expiration: [{ days: 8 }], status: 'Enabled' }),
    ]);
    expect(bucketPart(traced, 'aws_s3_bucket_public_access_block', isTraces)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(bucketPart(traced, 'aws_s3_bucket_server_side_encryption_configuration', isTraces).rule).toEqual([
      expect.objectContaining({
        apply_server_side_encryption_by_default: expect.objectContaining({ sse_algorithm: 'aws:kms' }) as unknown,
      }),
    ]);
    const policy = documentOf(traced, bucketPart(traced, 'aws_s3_bucket_policy', isTraces).policy).statement as {
      sid: string;
      effect: string;
    }[];
    expect(policy).toEqual([expect.objectContaining({ sid: 'DenyInsecureTransport', effect: 'Deny' })]);

    const [bucketId] = Object.entries(traced.resource?.aws_s3_bucket ?? {}).find(([, bucket]) =>
      isTraces(String(bucket.bucket)),
    )!;
    const arn = `\${aws_s3_bucket.${bucketId}.arn}`;
    const statements = roleStatements(traced, platformRoleName(cluster, 'tempo'));
    expect(
      statements.map((statement) => ({
        sid: statement.sid,
        actions: statement.actions,
        resources: statement.resources,
      })),
    ).toEqual([
      { sid: 'ListTraceBucket', actions: ['s3:ListBucket'], resources: [arn] },
      {
        sid: 'ReadWriteTraceObjects',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [`${arn}/*`],
      },
      {
        sid: 'EncryptTraceObjects',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [expect.stringContaining('aws_kms_key.data-key')],
      },
    ]);
    const { namespace, serviceAccount } = platformServiceAccount('tempo');
    expect(
      Testing.toHaveResourceWithProperties(JSON.stringify(traced), 'aws_eks_pod_identity_association', {
        namespace,
        service_account: serviceAccount,
      }),
    ).toBe(true);
  });

  it('alerts on the monthly budget and backs the database up', () => {
    expect(named(json, 'aws_budgets_budget', 'name', `${cluster.name}-monthly`)).toMatchObject({
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_unit: 'USD',
    });
    const rule = (only(json, 'aws_backup_plan').rule as Record<string, unknown>[])[0]!;
    expect(rule.lifecycle).toEqual({ delete_after: backupDays });
    expect(rule.copy_action !== undefined).toBe(infraSettings(cluster.environment).backupCopy);
    expect(all(json, 'aws_backup_vault')).toHaveLength(infraSettings(cluster.environment).backupCopy ? 2 : 1);
  });

  it('trusts GitHub OIDC: plan from pull requests and main, apply only from the protected environment on main', () => {
    expect(only(json, 'aws_iam_openid_connect_provider')).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
    const claims = (roleName: string) => {
      const trust = documentOf(json, named(json, 'aws_iam_role', 'name', roleName).assume_role_policy);
      const conditions = (trust.statement as Record<string, unknown>[])[0]!.condition as Record<string, unknown>[];
      return Object.fromEntries(
        conditions.map((condition) => [
          String(condition.variable).replace('token.actions.githubusercontent.com:', ''),
          condition.values,
        ]),
      );
    };
    expect(claims(`${cluster.name}-infra-plan`)).toEqual({
      aud: ['sts.amazonaws.com'],
      sub: [`repo:${repositorySlug()}:pull_request`, `repo:${repositorySlug()}:ref:refs/heads/main`],
    });
    expect(claims(`${cluster.name}-infra-apply`)).toEqual({
      aud: ['sts.amazonaws.com'],
      sub: [`repo:${repositorySlug()}:environment:infra-${cluster.name}`],
      ref: ['refs/heads/main'],
      job_workflow_ref: [`${repositorySlug()}/.github/workflows/infra.yml@refs/heads/main`],
    });
  });

  it('synthesizes the same JSON twice', () => {
    expect(synthText(cluster)).toBe(synthText(cluster));
  });

  it('uses structured IAM policy documents only', () => {
    expect(policyDocuments(json).length).toBeGreaterThan(10);
  });
});

describe('app secrets', () => {
  const withSecrets: Record<string, AppSpec> = {
    ...APPS,
    web: defineApp({
      ...(APPS.web as AppSpec & { kind: WorkloadKind.WEB_SERVICE }),
      secrets: {
        SESSION_KEY: { property: 'session-key' },
        PARTNER_TOKEN: { property: 'token', key: 'shared/partner-api' },
      },
    }),
    worker: defineApp({
      ...(APPS.worker as AppSpec & { kind: WorkloadKind.WORKER }),
      secrets: { PARTNER_TOKEN: { property: 'token', key: 'shared/partner-api' }, DB_URL: { property: 'url' } },
    }),
  };

  /** gateway reads its own secret (apps/gateway), web and worker share one and read their own. */
  const expected = [
    'shared/partner-api',
    'staging/apps/gateway',
    'staging/apps/web',
    'staging/apps/worker',
    ...platformSecretsOf(staging).map((secret) => secret.name),
  ].sort();

  it('creates every distinct secret the enabled apps reference, without a value', () => {
    const json = synthStack(staging, withSecrets);
    expect(
      all(json, 'aws_secretsmanager_secret')
        .map((secret) => String(secret.name))
        .sort(),
    ).toEqual(expected);
    expect(
      all(json, 'aws_secretsmanager_secret').find((secret) => secret.name === 'shared/partner-api')?.description,
    ).toBe('Secret values of web, worker; set outside git');
    expect(json.resource?.aws_secretsmanager_secret_version).toBeUndefined();
  });

  it("gives each app a reader role for exactly its own and its shared secrets, never another app's", () => {
    const json = synthStack(staging, withSecrets);
    const readOf = (role: string) =>
      roleStatements(json, role).find((statement) => statement.sid === 'ReadOwnSecrets')?.resources;
    const arns = (...names: string[]) => names.map((name) => secretArnReference(json, name));
    expect(readOf(appSecretReaderRoleName(staging, 'gateway'))).toEqual(arns('staging/apps/gateway'));
    expect(readOf(appSecretReaderRoleName(staging, 'web'))).toEqual(arns('shared/partner-api', 'staging/apps/web'));
    expect(readOf(appSecretReaderRoleName(staging, 'worker'))).toEqual(
      arns('shared/partner-api', 'staging/apps/worker'),
    );
  });

  it('skips apps the cluster does not enable', () => {
    const cluster = defineCluster({ ...staging, apps: { gateway: {} } });
    const json = synthStack(cluster, withSecrets);
    expect(
      all(json, 'aws_secretsmanager_secret')
        .map((secret) => String(secret.name))
        .sort(),
    ).toEqual(['staging/apps/gateway', ...platformSecretsOf(cluster).map((secret) => secret.name)].sort());
    expect(imageRepositories(json).map((repository) => repository.name)).toEqual(['gateway']);
  });

  it('creates no platform secrets without monitoring, SSO and notifications, and no reader role without any secret', () => {
    const cluster = defineCluster({
      ...staging,
      argocd: { ...staging.argocd, sso: undefined, notifications: undefined },
      platform: { ...staging.platform, monitoring: undefined },
      apps: { report: { schedule: '0 * * * *' } },
    });
    const json = synthStack(cluster);
    expect(json.resource?.aws_secretsmanager_secret).toBeUndefined();
    const statements = roleStatements(json, platformRoleName(cluster, 'external-secrets'));
    expect(statements.map((statement) => statement.sid)).toEqual(['NoDirectSecretAccess']);
    expect(all(json, 'aws_iam_role').filter((role) => String(role.name).includes('secrets-'))).toEqual([]);
  });
});

/** The resource of a type that configures the Loki bucket (the stack has other buckets too). */
function lokiBucketPart(json: TerraformJson, type: string): Record<string, unknown> {
  return bucketPart(json, type, (name) => name.endsWith('-loki'));
}

/** The one resource of `type` that configures the bucket whose name passes `isBucket`. */
function bucketPart(json: TerraformJson, type: string, isBucket: (name: string) => boolean): Record<string, unknown> {
  const [id] = Object.entries(json.resource?.aws_s3_bucket ?? {}).find(([, bucket]) =>
    isBucket(String(bucket.bucket)),
  )!;
  return only(
    {
      resource: {
        [type]: Object.fromEntries(
          Object.entries(json.resource?.[type] ?? {}).filter(([, part]) =>
            String(part.bucket).includes(`aws_s3_bucket.${id}.`),
          ),
        ),
      },
    },
    type,
  );
}

describe('Loki bucket', () => {
  it('expires objects with the Loki retention the cluster sets', () => {
    const cluster = defineCluster({
      ...staging,
      platform: { ...staging.platform, logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1, retentionDays: 45 } },
    });
    expect(logRetentionDays(cluster.environment)).not.toBe(45);
    expect(lokiBucketPart(synthStack(cluster), 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      expect.objectContaining({ expiration: [{ days: 45 }], status: 'Enabled' }),
    ]);
  });
});

describe('bad input', () => {
  it('fails on a cluster that enables an unknown app, naming file and field', () => {
    const cluster = defineCluster({ ...staging, apps: { ...staging.apps, billing: {} } });
    expect(() => synthStack(cluster)).toThrow(
      'clusters/staging.ts: cluster "staging": apps.billing: no app "billing": expected apps/billing/index.ts (known apps: gateway, report, web, worker)',
    );
  });

  it('does not create ECR repositories for images from other registries', () => {
    const apps = { ...APPS, web: { ...APPS.web!, imageRepository: 'ghcr.io/example/web' } as AppSpec };
    const json = synthStack(staging, apps);
    expect(imageRepositories(json).map((repository) => repository.name)).not.toContain('web');
  });

  it('rejects a VPC block too small for three zones of subnets', () => {
    const cluster = defineCluster({ ...staging, vpcCidr: '10.20.0.0/24' });
    expect(() => synthStack(cluster)).toThrow('VPC CIDR "10.20.0.0/24" of "staging": use a /16 to /20 block');
  });
});

describe('Terraform targets', () => {
  it('targets Terraform from the version native S3 locking needs, and no OpenTofu', () => {
    expect(TARGET_VERSIONS).toEqual({ terraform: `>=${MINIMUM_TERRAFORM_VERSION}` });
  });

  it('refuses to synthesize for an app that targets a Terraform without native S3 locking', () => {
    const app = Testing.app({ context: { targetVersions: { terraform: '>=1.9.0' } } });
    const stack = new EnvironmentStack(app, staging.name, { cluster: staging, apps: APPS });
    expect(() => Testing.synth(stack, true)).toThrow(
      '[staging/backend] S3 native state locking requires terraform >=1.10.0, but the project targets terraform >=1.9.0.',
    );
  });

  it('declares the same targets in cdktf.json, for the cdktn CLI', () => {
    const config = JSON.parse(readFileSync(new URL('../../../infra/cdktf.json', import.meta.url), 'utf8')) as {
      targetVersions?: unknown;
      output?: unknown;
    };
    expect(config.targetVersions).toEqual(TARGET_VERSIONS);
    expect(config.output).toBe('cdktf.out');
  });
});
