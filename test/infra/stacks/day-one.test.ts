import { Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import {
  KARPENTER_DISCOVERY_TAG,
  KARPENTER_SERVICE_ACCOUNT,
  karpenterControllerRoleName,
  karpenterInterruptionQueueName,
  karpenterNodeRoleName,
  nodeVolumeKeyAlias,
  SYSTEM_NODE_POOL_LABEL,
} from '../../../lib/naming';
import { loadProject } from '../../../lib/project/load';
import { accountOwners } from '../../../infra/ci-stacks';
import { INTERRUPTION_EVENTS } from '../../../infra/constructs/karpenter';
import { isReleaseTag, matchesTagPattern } from '../../../infra/constructs/image-repositories';
import { pinsOutsideReleaseTags } from '../../../infra/project';
import { infraSettings } from '../../../infra/settings';
import { backupCopyRegion, PAIRED_REGION } from '../../../lib/model/backup-region';
import { DnsStack } from '../../../infra/stacks/dns-stack';
import { stateKey } from '../../../infra/stacks/stack-base';
import { type TerraformJson } from '../../../infra/policies/terraform-json';
import { TARGET_VERSIONS } from '../../../infra/stacks/environment-stack';
import { all, documentOf, named, only, production, roleStatements, staging, synthStack } from '../helpers';

type Statement = {
  sid?: string;
  actions: string[];
  principals?: { identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

/** The key policy statements of the KMS key with the given alias. */
function keyStatements(json: TerraformJson, alias: string): Statement[] {
  const aliasResource = named(json, 'aws_kms_alias', 'name', `alias/${alias}`);
  const keyRef = String(aliasResource.target_key_id);
  const policy = all(json, 'aws_kms_key_policy').find((candidate) => candidate.key_id === keyRef);
  if (policy === undefined) throw new Error(`no key policy for ${alias}`);
  return documentOf(json, policy.policy).statement as Statement[];
}

/** The Terraform name (key) of the resource with the given attribute value. */
function idOf(json: TerraformJson, type: string, attribute: string, value: string): string {
  const found = Object.entries(json.resource?.[type] ?? {}).find(([, resource]) => resource[attribute] === value);
  if (found === undefined) throw new Error(`no ${type} with ${attribute} = ${value}`);
  return found[0];
}

const conditionOf = (statement: Statement | undefined, variable: string) =>
  statement?.condition?.find((condition) => condition.variable === variable)?.values;

/** ECR's lifecycle semantics for one tag: the first rule (by priority) whose tag selection matches it. */
function firstMatchingRule(rules: Record<string, unknown>[], tag: string): Record<string, unknown> | undefined {
  return [...rules]
    .sort((a, b) => Number(a.rulePriority) - Number(b.rulePriority))
    .find((rule) => {
      const selection = rule.selection as { tagStatus: string; tagPatternList?: string[]; tagPrefixList?: string[] };
      if (selection.tagStatus === 'any') return true;
      if (selection.tagStatus !== 'tagged') return false;
      return (
        (selection.tagPatternList ?? []).some((pattern) => matchesTagPattern(tag, pattern)) ||
        (selection.tagPrefixList ?? []).some((prefix) => tag.startsWith(prefix))
      );
    });
}

/** Each repository cluster's stack, synthesized once for the whole file (synth is the slow part). */
const SYNTHESIZED = new Map([staging, production].map((cluster) => [cluster.name, synthStack(cluster)]));

describe.each([staging, production])('day one: stack $name', (cluster) => {
  const json = SYNTHESIZED.get(cluster.name)!;
  const name = cluster.name;
  const settings = infraSettings(cluster.environment);

  it('lets EC2 Auto Scaling and the node launchers use the node-volume key, and launches nodes only after', () => {
    const statements = keyStatements(json, nodeVolumeKeyAlias(cluster).replace(/^alias\//, ''));
    const root = statements.find((statement) => statement.sid === 'AccountAdministersKey');
    expect(root?.actions.some((action) => /Encrypt|Decrypt|GenerateDataKey|CreateGrant/.test(action))).toBe(false);
    const autoScaling = statements.find((statement) => statement.sid === 'AutoScalingUsesKey');
    expect(autoScaling?.actions).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
    ]);
    const slr = autoScaling?.principals?.[0]?.identifiers[0];
    expect(slr).toMatch(/aws_iam_service_linked_role\..*\.arn/);
    expect(only(json, 'aws_iam_service_linked_role').aws_service_name).toBe('autoscaling.amazonaws.com');
    const grants = statements.find((statement) => statement.sid === 'AutoScalingUsesKeyGrants');
    expect(grants?.actions).toEqual(['kms:CreateGrant']);
    expect(grants?.principals?.[0]?.identifiers).toEqual([slr]);
    expect(conditionOf(grants, 'kms:GrantIsForAWSResource')).toEqual(['true']);
    const launchers = statements.find((statement) => statement.sid === 'LaunchersUseKeyThroughEc2');
    expect(conditionOf(launchers, 'kms:ViaService')).toEqual([`ec2.${cluster.awsRegion}.amazonaws.com`]);
    const launcherRoles = launchers?.principals?.[0]?.identifiers.join(' ');
    for (const role of ['karpenter_controller-role', 'karpenter_node-role', 'eks_node-role', 'eks_ebs-csi-role']) {
      expect(launcherRoles).toContain(role);
    }
    const volume = (only(json, 'aws_launch_template').block_device_mappings as { ebs: Record<string, unknown> }[])[0]!;
    expect(String(volume.ebs.kms_key_id)).toContain('aws_kms_key.node-volume-key');
    expect(only(json, 'aws_eks_node_group').depends_on).toContainEqual(
      expect.stringMatching(/^aws_kms_key_policy\.node-volume-key/),
    );
  });

  it('scopes account-wide use of the data and backup keys to AWS services of the account', () => {
    const data = keyStatements(json, `${name}-data`).find((statement) => statement.sid === 'DataStoresUseKey');
    expect(conditionOf(data, 'kms:CallerAccount')).toEqual([cluster.awsAccountId]);
    expect(conditionOf(data, 'kms:ViaService')).toEqual(
      ['rds', 'elasticache', 'secretsmanager', 's3', 'ecr'].map((s) => `${s}.${cluster.awsRegion}.amazonaws.com`),
    );
    const backup = keyStatements(json, `${name}-backup`).find((statement) => statement.sid === 'BackupUsesKey');
    expect(conditionOf(backup, 'kms:ViaService')).toEqual([`backup.${cluster.awsRegion}.amazonaws.com`]);
    const eks = keyStatements(json, `${name}-eks-secrets`);
    expect(eks.find((statement) => statement.sid === 'ClusterRoleUsesKey')?.principals?.[0]?.identifiers).toEqual([
      expect.stringContaining('aws_iam_role.eks_cluster-role'),
    ]);
    expect(all(json, 'aws_kms_key_policy')).toHaveLength(all(json, 'aws_kms_key').length);
  });

  it('runs the managed group as a replaceable system pool whose size Terraform does not fight', () => {
    const nodes = only(json, 'aws_eks_node_group');
    expect(nodes.node_group_name).toBeUndefined();
    expect(nodes.node_group_name_prefix).toBe(`${SYSTEM_NODE_POOL_LABEL.value}-`);
    expect(nodes.lifecycle).toEqual({
      create_before_destroy: true,
      ignore_changes: ['scaling_config[0].desired_size'],
    });
    expect(nodes.labels).toEqual({ [SYSTEM_NODE_POOL_LABEL.key]: SYSTEM_NODE_POOL_LABEL.value });
    expect(nodes.taint).toEqual([
      { key: SYSTEM_NODE_POOL_LABEL.key, value: SYSTEM_NODE_POOL_LABEL.value, effect: 'PREFER_NO_SCHEDULE' },
    ]);
    expect(nodes.instance_types).toEqual(settings.nodeInstanceTypes);
  });

  it("creates Karpenter's controller role with Pod Identity, scoped to the cluster's tags", () => {
    const association = all(json, 'aws_eks_pod_identity_association').find(
      (candidate) => candidate.service_account === KARPENTER_SERVICE_ACCOUNT.serviceAccount,
    );
    expect(association?.namespace).toBe(KARPENTER_SERVICE_ACCOUNT.namespace);
    const roleId = idOf(json, 'aws_iam_role', 'name', karpenterControllerRoleName(cluster));
    expect(association?.role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    const statements = roleStatements(json, karpenterControllerRoleName(cluster)) as unknown as Statement[];
    const bySid = (sid: string) => statements.find((statement) => statement.sid === sid);
    for (const sid of [
      'AllowScopedEC2InstanceActionsWithTags',
      'AllowScopedResourceCreationTagging',
      'AllowScopedDeletion',
      'AllowScopedInstanceProfileCreationActions',
      'AllowScopedInstanceProfileActions',
    ]) {
      const variables = bySid(sid)?.condition?.map((condition) => condition.variable) ?? [];
      expect(
        variables.some((variable) => variable.endsWith(`kubernetes.io/cluster/${name}`)),
        sid,
      ).toBe(true);
    }
    expect(bySid('AllowPassingInstanceRole')?.condition).toEqual([
      { test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] },
    ]);
    expect((bySid('AllowAPIServerEndpointDiscovery') as { resources?: string[] })?.resources).toEqual([
      `arn:aws:eks:${cluster.awsRegion}:${cluster.awsAccountId}:cluster/${name}`,
    ]);
    // Karpenter v1 creates the instance profiles itself.
    expect(json.resource?.aws_iam_instance_profile).toBeUndefined();
  });

  it("creates Karpenter's node role with an EC2_LINUX access entry", () => {
    const roleRef = `aws_iam_role.${idOf(json, 'aws_iam_role', 'name', karpenterNodeRoleName(cluster))}.`;
    const attached = all(json, 'aws_iam_role_policy_attachment')
      .filter((attachment) => String(attachment.role).includes(roleRef))
      .map((attachment) => String(attachment.policy_arn).split('/').pop())
      .sort();
    expect(attached).toEqual([
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      'AmazonSSMManagedInstanceCore',
    ]);
    const entry = all(json, 'aws_eks_access_entry').find((candidate) =>
      String(candidate.principal_arn).includes(roleRef),
    );
    expect(entry?.type).toBe('EC2_LINUX');
  });

  it('feeds the interruption queue (SSE, 5 minutes) from the four EventBridge rules', () => {
    const queue = named(json, 'aws_sqs_queue', 'name', karpenterInterruptionQueueName(cluster));
    expect(queue).toMatchObject({ message_retention_seconds: 300, sqs_managed_sse_enabled: true });
    const rules = all(json, 'aws_cloudwatch_event_rule').map(
      (rule) => JSON.parse(String(rule.event_pattern)) as { source: string[]; 'detail-type': string[] },
    );
    expect(rules.map((rule) => rule['detail-type'][0]).sort()).toEqual(
      Object.values(INTERRUPTION_EVENTS)
        .map((event) => event.detailType)
        .sort(),
    );
    const queueId = idOf(json, 'aws_sqs_queue', 'name', karpenterInterruptionQueueName(cluster));
    expect(all(json, 'aws_cloudwatch_event_target').map((target) => target.arn)).toEqual(
      Array(4).fill(`\${aws_sqs_queue.${queueId}.arn}`),
    );
    const policy = documentOf(json, only(json, 'aws_sqs_queue_policy').policy).statement as Statement[];
    expect(policy[0]?.principals?.[0]?.identifiers).toEqual(['events.amazonaws.com', 'sqs.amazonaws.com']);
  });

  it('tags the private subnets and the node security group for Karpenter discovery', () => {
    const subnets = all(json, 'aws_subnet').filter((subnet) =>
      String((subnet.tags as Record<string, string>).Name).includes('-private-'),
    );
    expect(subnets).toHaveLength(3);
    for (const subnet of subnets) expect((subnet.tags as Record<string, string>)[KARPENTER_DISCOVERY_TAG]).toBe(name);
    const others = all(json, 'aws_subnet').filter((subnet) => !subnets.includes(subnet));
    for (const subnet of others)
      expect((subnet.tags as Record<string, string>)[KARPENTER_DISCOVERY_TAG]).toBeUndefined();
    expect(only(json, 'aws_ec2_tag')).toMatchObject({
      key: KARPENTER_DISCOVERY_TAG,
      value: name,
      resource_id: expect.stringContaining('vpc_config[0].cluster_security_group_id'),
    });
  });

  it('keeps every release tag in ECR, expiring untagged images by age and other tags by count', () => {
    const rules = (
      JSON.parse(String(all(json, 'aws_ecr_lifecycle_policy')[0]!.policy)) as { rules: Record<string, unknown>[] }
    ).rules;
    const release = firstMatchingRule(rules, '1.4.2');
    expect(release?.rulePriority).toBe(1);
    expect((release?.selection as { countNumber: number }).countNumber).toBeGreaterThanOrEqual(10_000);
    expect(firstMatchingRule(rules, 'pr-123')?.selection).toMatchObject({ tagStatus: 'any', countNumber: 30 });
    expect(
      rules.find((rule) => (rule.selection as { tagStatus: string }).tagStatus === 'untagged')?.selection,
    ).toMatchObject({
      countType: 'sinceImagePushed',
      countUnit: 'days',
    });
  });

  it('locks a backup vault that has its own key, per the environment', () => {
    const vault = named(json, 'aws_backup_vault', 'name', name);
    expect(String(vault.kms_key_arn)).toContain('database-backup_vault-key');
    const locks = all(json, 'aws_backup_vault_lock_configuration');
    expect(locks).toHaveLength(settings.backupCopy ? 2 : 1);
    for (const lock of locks) {
      expect(lock).toMatchObject({
        min_retention_days: settings.backupVaultLock.minRetentionDays,
        max_retention_days: settings.backupVaultLock.maxRetentionDays,
      });
      expect(lock.changeable_for_days).toBe(
        settings.backupVaultLock.mode === 'compliance' ? settings.backupVaultLock.changeableForDays : undefined,
      );
    }
  });

  it("copies backups to the cluster's copy region, never its own", () => {
    const copy = all(json, 'aws_backup_vault').find((vault) => vault.region !== undefined);
    if (!settings.backupCopy) return expect(copy).toBeUndefined();
    expect(copy?.region).toBe(backupCopyRegion(cluster));
    expect(copy?.region).not.toBe(cluster.awsRegion);
  });

  it('reads the zone from phase 1 and validates the certificate in phase 2; the roles reach both states', () => {
    expect(json.resource?.aws_route53_zone).toBeUndefined();
    expect(all(json, 'aws_acm_certificate_validation')).toHaveLength(1);
    const state = roleStatements(json, `${name}-infra-apply`).find(
      (statement) => statement.sid === 'ReadWriteStateAndLock',
    );
    expect((state?.resources as string[]).map((arn) => arn.split('/').slice(1).join('/'))).toEqual([
      stateKey(cluster, 'dns'),
      `${stateKey(cluster, 'dns')}.tflock`,
      stateKey(cluster, 'main'),
      `${stateKey(cluster, 'main')}.tflock`,
    ]);
  });
});

describe('phase 1 (dns stack)', () => {
  it('holds only the zone, protected from destroy, and outputs its name servers', () => {
    const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
    const stack = new DnsStack(app, `${staging.name}-dns`, { cluster: staging });
    const json = JSON.parse(Testing.synth(stack, true)) as TerraformJson & { output?: Record<string, unknown> };
    expect(Object.keys(json.resource ?? {})).toEqual(['aws_route53_zone']);
    expect(only(json, 'aws_route53_zone')).toMatchObject({
      name: staging.baseDomain,
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(json.output ?? {}).sort()).toEqual(['zone-name', 'zone-name-servers']);
    expect((json.terraform?.backend as { s3: { key: string } }).s3.key).toBe(stateKey(staging, 'dns'));
  });
});

describe('GitHub OIDC provider', () => {
  it('is created by default', () => {
    const json = SYNTHESIZED.get(staging.name)!;
    expect(all(json, 'aws_iam_openid_connect_provider')).toHaveLength(1);
    expect(json.data?.aws_iam_openid_connect_provider).toBeUndefined();
  });

  it('can be imported by ARN, and the CI roles trust the imported one', () => {
    const existingArn = `arn:aws:iam::${staging.awsAccountId}:oidc-provider/token.actions.githubusercontent.com`;
    const json = synthStack(staging, undefined, undefined, {
      githubOidcProvider: { existingArn },
      autoScalingServiceLinkedRole: 'existing',
    });
    expect(json.resource?.aws_iam_openid_connect_provider).toBeUndefined();
    const imported = Object.entries(json.data?.aws_iam_openid_connect_provider ?? {});
    expect(imported.map(([, provider]) => provider.arn)).toEqual([existingArn]);
    const trust = documentOf(
      json,
      named(json, 'aws_iam_role', 'name', `${staging.name}-infra-apply`).assume_role_policy,
    );
    const principals = (trust.statement as Statement[])[0]!.principals as { identifiers: string[] }[];
    expect(principals[0]!.identifiers).toEqual([`\${data.aws_iam_openid_connect_provider.${imported[0]![0]}.arn}`]);
    // The existing Auto Scaling service-linked role is read, not created.
    expect(json.resource?.aws_iam_service_linked_role).toBeUndefined();
    expect(Object.values(json.data?.aws_iam_role ?? {})).toEqual([{ name: 'AWSServiceRoleForAutoScaling' }]);
  });
});

describe('a second cluster in an account', () => {
  it("reads the account's OIDC provider and Auto Scaling role instead of creating them again", () => {
    const second = { ...production, name: 'production-fra', awsRegion: 'eu-central-1', baseDomain: 'fra.example.com' };
    expect([...accountOwners([production, second])]).toEqual([production.name]);
    const json = synthStack(second, undefined, undefined, undefined, false);
    expect(json.resource?.aws_iam_openid_connect_provider).toBeUndefined();
    expect(json.resource?.aws_iam_service_linked_role).toBeUndefined();
    expect(Object.values(json.data?.aws_iam_openid_connect_provider ?? {})).toEqual([
      { arn: `arn:aws:iam::${production.awsAccountId}:oidc-provider/token.actions.githubusercontent.com` },
    ]);
    expect(Object.values(json.data?.aws_iam_role ?? {})).toEqual([{ name: 'AWSServiceRoleForAutoScaling' }]);
    const copy = all(json, 'aws_backup_vault').find((vault) => vault.region !== undefined);
    expect(copy).toMatchObject({ name: 'production-fra-copy', region: PAIRED_REGION['eu-central-1'] });
  });
});

describe('backup copy region of a cluster', () => {
  const copying = { ...infraSettings(production.environment), backupCopy: true };

  it("copies to the cluster's own backupCopyRegion when it sets one", () => {
    const copyRegion = Object.values(PAIRED_REGION).find(
      (region) => region !== production.awsRegion && region !== backupCopyRegion(production),
    )!;
    const json = synthStack({ ...production, backupCopyRegion: copyRegion }, undefined, copying);
    const copy = all(json, 'aws_backup_vault').find((vault) => vault.region !== undefined);
    expect(copy?.region).toBe(copyRegion);
  });

  it("refuses the cluster's own region as its copy region, naming the cluster file and field", () => {
    expect(() => synthStack({ ...production, backupCopyRegion: production.awsRegion }, undefined, copying)).toThrow(
      `clusters/${production.name}.ts: cluster "${production.name}": backupCopyRegion: backup copies must leave the cluster's region`,
    );
  });
});

describe('ECR retention and the release pins', () => {
  it('keeps every tag a cluster of the repository pins (read from clusters/*.releases.yaml)', async () => {
    const project = await loadProject(process.cwd());
    const pinned = project.clusters.flatMap((cluster) => Object.values(cluster.pins).map((pin) => pin.tag));
    expect(pinned.length).toBeGreaterThan(0);
    const rules = (
      JSON.parse(String(all(SYNTHESIZED.get(staging.name)!, 'aws_ecr_lifecycle_policy')[0]!.policy)) as {
        rules: Record<string, unknown>[];
      }
    ).rules;
    for (const tag of pinned) {
      expect(isReleaseTag(tag), tag).toBe(true);
      expect(firstMatchingRule(rules, tag)?.rulePriority, tag).toBe(1);
    }
    expect(pinsOutsideReleaseTags(project.clusters)).toEqual([]);
  });

  it('refuses a pin on a tag ECR would expire, naming the pins file, cluster and app', () => {
    const [problem] = pinsOutsideReleaseTags([
      {
        file: 'clusters/stage.ts',
        pinsFile: 'clusters/stage.releases.yaml',
        definition: staging,
        pins: { web: { tag: 'main-abc123' } },
      },
    ]);
    expect(problem?.message).toBe(
      `clusters/stage.releases.yaml: cluster "${staging.name}": apps.web.tag: tag "main-abc123" is not a release tag (*.*.*, e.g. "1.4.2"): ECR expires other tags; release a version tag`,
    );
  });
});
