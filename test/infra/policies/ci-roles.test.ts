import { repositorySlug } from '../../../lib/repository';
import { EksAccessEntry } from '@cdktn/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktn/provider-aws/lib/eks-access-policy-association';
import { LambdaFunction } from '@cdktn/provider-aws/lib/lambda-function';
import { Testing } from 'cdktn';
import { type Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CiAccess, stackServices, stackTypes } from '../../../infra/constructs/ci-access';
import { SECRET_VALUE_ACTIONS, serviceOfType } from '../../../infra/constructs/ci-services';
import {
  actionCovers,
  allows,
  ciApplyTrust,
  ciCoversStack,
  ciPlanReadOnly,
  formatViolation,
  iamPermissionsBoundary,
  inlineStatements,
  resourcesOf,
  type Policy,
  type TerraformJson,
} from '../../../infra/policies';
import { EnvironmentStack, TARGET_VERSIONS } from '../../../infra/stacks/environment-stack';
import { APPS, production, staging, synthStack } from '../helpers';
import { CiAccess as LegacyCiAccess } from '../fixtures/legacy/ci-access';

const PROPS = {
  accountId: '111111111111',
  githubRepository: repositorySlug(),
  applyEnvironment: 'infra-staging',
  planRoleName: 'staging-infra-plan',
  applyRoleName: 'staging-infra-apply',
  iamNamePrefix: 'staging',
  stateBucketName: 'staging-111111111111-tfstate',
  stateKey: 'infra/staging.tfstate',
  stateKeys: ['infra/staging-dns.tfstate', 'infra/staging.tfstate'],
};

/** The CI roles as they were before issue 12, with the plan role's EKS view access of that time. */
function legacyConfiguration(): TerraformJson {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const ci = new LegacyCiAccess(scope, 'ci', PROPS);
      const entry = new EksAccessEntry(scope, 'plan-entry', {
        clusterName: 'staging',
        principalArn: `arn:aws:iam::111111111111:role/${PROPS.planRoleName}`,
        dependsOn: [ci.planRole],
      });
      new EksAccessPolicyAssociation(scope, 'plan-view', {
        clusterName: 'staging',
        principalArn: entry.principalArn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy',
        accessScope: { type: 'cluster' },
      });
    }),
  ) as TerraformJson;
}

/** One synthesis per cluster for the whole file (a stack takes about a second); edits go to a copy. */
const SYNTHESIZED = new Map<string, TerraformJson>();
function stackJson(cluster: typeof staging): TerraformJson {
  if (!SYNTHESIZED.has(cluster.name)) SYNTHESIZED.set(cluster.name, synthStack(cluster));
  return structuredClone(SYNTHESIZED.get(cluster.name)!);
}

const messages = (policy: Policy, json: TerraformJson) =>
  policy.check(json, { production: false }).map(formatViolation);

describe.each([staging, production])('the CI roles of $name', (cluster) => {
  const json = stackJson(cluster);
  const role = (suffix: string) =>
    resourcesOf(json, 'aws_iam_role').find((candidate) => candidate.config.name === `${cluster.name}-infra-${suffix}`)!;

  it('pass the CI policies', () => {
    for (const policy of [ciPlanReadOnly, ciApplyTrust, iamPermissionsBoundary, ciCoversStack]) {
      expect(messages(policy, json)).toEqual([]);
    }
  });

  it('deny the plan role every secret value and state write, allowing only what refresh needs', () => {
    const statements = inlineStatements(json, role('plan'));
    for (const action of [...SECRET_VALUE_ACTIONS.filter((a) => a !== 'kms:Decrypt'), 's3:PutObject']) {
      expect(allows(statements, action), action).toBeUndefined();
    }
    expect(allows(statements, 'ec2:DescribeVpcs')).toBeDefined();
    expect(allows(statements, 'secretsmanager:DescribeSecret')).toBeDefined();
    expect(allows(statements, 'ecr:GetDownloadUrlForLayer')).toBeUndefined();
  });

  it('grant the apply role no service the stack does not use', () => {
    const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
    const used = stackServices(new EnvironmentStack(app, cluster.name, { cluster, apps: APPS }));
    const granted = new Set(
      inlineStatements(json, role('apply'))
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => statement.actions.map((action) => action.split(':')[0]!)),
    );
    // IAM has its own scoped statements; backup-storage comes with creating a backup vault.
    expect([...granted].filter((service) => !used.includes(service)).sort()).toEqual(['backup-storage']);
    expect(used.filter((service) => service !== 'sts' && !granted.has(service))).toEqual([]);
  });
});

describe('the CI policies on the configuration before issue 12', () => {
  const json = legacyConfiguration();

  it('ci-plan-read-only fails: ReadOnlyAccess, state writes, EKS admin view', () => {
    expect(messages(ciPlanReadOnly, json)).toEqual([
      '[ci-plan-read-only] aws_iam_role.ci_plan-role_D1FD1C06: attaches the managed policy arn:aws:iam::aws:policy/ReadOnlyAccess (use a scoped read policy)',
      '[ci-plan-read-only] aws_iam_role.ci_plan-role_D1FD1C06: allows s3:PutObject (statement ReadWriteStateAndLock)',
      '[ci-plan-read-only] aws_iam_role.ci_plan-role_D1FD1C06: allows s3:DeleteObject (statement ReadWriteStateAndLock)',
      '[ci-plan-read-only] aws_iam_role.ci_plan-role_D1FD1C06: allows s3:GetObject on arn:aws:s3:::staging-111111111111-tfstate/infra/staging.tfstate, arn:aws:s3:::staging-111111111111-tfstate/infra/staging.tfstate.tflock: only the state object may be read',
      '[ci-plan-read-only] aws_iam_role.ci_plan-role_D1FD1C06: aws_eks_access_policy_association.plan-view grants arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy, which reads Kubernetes Secrets',
    ]);
  });

  it('ci-apply-trust fails: PowerUserAccess, environment-only trust', () => {
    expect(messages(ciApplyTrust, json)).toEqual([
      "[ci-apply-trust] aws_iam_role.ci_apply-role_64C866B5: attaches the managed policy arn:aws:iam::aws:policy/PowerUserAccess: grant the stack's services instead",
      '[ci-apply-trust] aws_iam_role.ci_apply-role_64C866B5: does not require token.actions.githubusercontent.com:ref = refs/heads/main: a run of another branch in the environment could apply',
      '[ci-apply-trust] aws_iam_role.ci_apply-role_64C866B5: does not require token.actions.githubusercontent.com:job_workflow_ref = <repo>/<workflow>@refs/heads/main',
    ]);
  });

  it('iam-permissions-boundary fails: no role has a boundary', () => {
    expect(messages(iamPermissionsBoundary, json)).toEqual([
      '[iam-permissions-boundary] aws_iam_role.ci_apply-role_64C866B5: has no permissions_boundary referencing an aws_iam_policy of the stack',
      '[iam-permissions-boundary] aws_iam_role.ci_plan-role_D1FD1C06: has no permissions_boundary referencing an aws_iam_policy of the stack',
    ]);
  });
});

describe('ci-apply-trust', () => {
  it('fails on a wildcard subject', () => {
    const json = JSON.parse(
      Testing.synthScope((scope: Construct) => {
        new CiAccess(scope, 'ci', { ...PROPS, region: 'eu-west-1', boundaryPolicyName: 'staging-ci-boundary' });
      }),
    ) as TerraformJson;
    const trust = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
      name.includes('apply-trust'),
    )!;
    const statement = (trust[1].statement as { condition: { test: string; variable: string }[] }[])[0]!;
    statement.condition.find((condition) => condition.variable.endsWith(':sub'))!.test = 'StringLike';
    expect(messages(ciApplyTrust, json)).toEqual([
      expect.stringContaining('matches sub with StringLike: use StringEquals with exact subjects'),
    ]);
  });
});

describe('iam-permissions-boundary', () => {
  it('fails when the boundary lets CI remove it or edit the CI roles', () => {
    const json = stackJson(staging);
    const boundary = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
      name.includes('boundary-policy'),
    )![1] as { statement: { sid?: string }[] };
    boundary.statement = boundary.statement.filter(
      (statement) => statement.sid !== 'KeepBoundaries' && statement.sid !== 'CiRolesAreFixed',
    );
    expect(messages(iamPermissionsBoundary, json).map((message) => message.replace(/^.*?: /, ''))).toEqual([
      'does not deny iam:DeleteRolePermissionsBoundary on "*"',
      'does not deny iam:PutRolePolicy on the CI role staging-infra-apply',
      'does not deny iam:AttachRolePolicy on the CI role staging-infra-apply',
      'does not deny iam:UpdateAssumeRolePolicy on the CI role staging-infra-apply',
      'does not deny iam:PutRolePolicy on the CI role staging-infra-plan',
      'does not deny iam:AttachRolePolicy on the CI role staging-infra-plan',
      'does not deny iam:UpdateAssumeRolePolicy on the CI role staging-infra-plan',
    ]);
  });

  it('fails when the boundary would silently cut a role: a managed policy it does not know or a service it blocks', () => {
    const json = stackJson(staging);
    const boundary = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
      name.includes('boundary-policy'),
    )![1] as { statement: { sid?: string; actions: string[] }[] };
    const services = boundary.statement.find((statement) => statement.sid === 'StackServices')!;
    services.actions = services.actions.filter((action) => action !== 'eks-auth:*' && action !== 'route53:*');
    const attachments = json.resource?.aws_iam_role_policy_attachment as Record<string, { policy_arn: string }>;
    const node = Object.values(attachments).find((attachment) =>
      attachment.policy_arn.endsWith('/AmazonEKS_CNI_Policy'),
    )!;
    node.policy_arn = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
    expect(messages(iamPermissionsBoundary, json).map((message) => message.replace(/^\[[^\]]+\] [^:]+: /, ''))).toEqual(
      [
        // Both node roles (the system pool's and Karpenter's) attach the worker node policy.
        "its role's boundary blocks eks-auth, which arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy uses",
        'attaches arn:aws:iam::aws:policy/AmazonS3FullAccess, whose services infra/constructs/ci-services.ts does not list (MANAGED_POLICY_SERVICES)',
        "its role's boundary blocks eks-auth, which arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy uses",
        'its boundary blocks route53:ChangeResourceRecordSets, route53:ListResourceRecordSets, route53:ListTagsForResource, route53:ListHostedZones, route53:ListTagsForResources, which its policy grants',
      ],
    );
  });

  it('puts the boundary on roles created by any construct of the stack', () => {
    const json = stackJson(staging);
    const roles = resourcesOf(json, 'aws_iam_role');
    expect(roles.length).toBeGreaterThan(5);
    for (const role of roles) expect(role.config.permissions_boundary).toMatch(/^\$\{aws_iam_policy\.ci_boundary_/);
  });

  it('allows every action the roles of the stack are given', () => {
    const json = stackJson(production);
    const boundary = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([name]) =>
      name.includes('boundary-policy'),
    )![1] as { statement: { effect: string; actions: string[] }[] };
    const allowed = boundary.statement.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
    const roleActions = resourcesOf(json, 'aws_iam_role')
      .filter((role) => !String(role.config.name).includes('-infra-'))
      .flatMap((role) => inlineStatements(json, role))
      .filter((statement) => statement.effect === 'Allow')
      .flatMap((statement) => statement.actions);
    expect(roleActions.length).toBeGreaterThan(10);
    const uncovered = roleActions.filter((action) => !allowed.some((pattern) => actionCovers(pattern, action)));
    expect(uncovered).toEqual([]);
  });
});

describe('ci-covers-stack', () => {
  it('maps every resource and data source type of the stacks to a granted service', () => {
    for (const cluster of [staging, production]) {
      const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
      const stack = new EnvironmentStack(app, cluster.name, { cluster, apps: APPS });
      expect(stackTypes(stack).length).toBeGreaterThan(30);
      expect(() => stackServices(stack)).not.toThrow();
      expect(messages(ciCoversStack, stackJson(cluster))).toEqual([]);
    }
  });

  it('fails on a resource type no service is mapped for, and the synth names the file to edit', () => {
    const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
    const stack = new EnvironmentStack(app, staging.name, { cluster: staging, apps: APPS });
    new LambdaFunction(stack, 'rotator', { functionName: 'rotator', role: 'arn' });
    expect(() => Testing.synth(stack)).toThrow(
      'infra/constructs/ci-services.ts maps no AWS service to the Terraform type aws_lambda_function',
    );
    const json = legacyConfiguration() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    json.resource.aws_lambda_function = { rotator: { function_name: 'rotator' } };
    expect(messages(ciCoversStack, json)).toEqual([
      '[ci-covers-stack] aws_lambda_function.rotator: aws_lambda_function maps to no AWS service in infra/constructs/ci-services.ts',
      // The legacy roles got their services from managed policies, which name no service of the stack.
      "[ci-covers-stack] aws_iam_role.ci_apply-role_64C866B5: grants nothing on eks, which the stack's resources use",
      "[ci-covers-stack] aws_iam_role.ci_plan-role_D1FD1C06: grants nothing on eks, iam, which the stack's resources use",
    ]);
  });
});

describe('serviceOfType', () => {
  it('maps resource types by their longest prefix and leaves unknown types unmapped', () => {
    expect(
      [
        'aws_vpc_security_group_ingress_rule',
        'aws_route_table_association',
        'aws_route53_record',
        'aws_cloudwatch_log_group',
        'aws_cloudwatch_event_rule',
        'aws_cloudwatch_metric_alarm',
        'aws_wafv2_web_acl_logging_configuration',
        'aws_lambda_function',
      ].map(serviceOfType),
    ).toEqual(['ec2', 'ec2', 'route53', 'logs', 'events', 'cloudwatch', 'wafv2', undefined]);
  });
});
