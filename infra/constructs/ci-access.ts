import { DataAwsIamOpenidConnectProvider } from '@cdktn/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktn/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktn/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { Aspects, Lazy, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktn';
import { Construct, type IConstruct } from 'constructs';
import { byCodePoint } from '../../lib/order';
import {
  CI_SERVICES,
  LOCAL_DATA_SOURCES,
  MANAGED_POLICY_SERVICES,
  SECRET_VALUE_ACTIONS,
  serviceOfType,
} from './ci-services';
import { policyDocument, type PolicyStatement } from './policy-document';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The workflow whose apply jobs may assume the apply roles (the `job_workflow_ref` claim names it). */
export const INFRA_WORKFLOW_PATH = '.github/workflows/infra.yml';

/** The only branch whose runs may apply. */
export const APPLY_BRANCH = 'main';

/**
 * Services the roles infra creates use beyond the resource types of the stack: the AWS-managed policies of
 * the cluster, node and backup roles (MANAGED_POLICY_SERVICES), the load balancer controller (cognito-idp,
 * shield, elasticloadbalancing), Karpenter (pricing, sqs, ssm), YACE (cloudwatch metric reads, tag). The permissions boundary allows them; the
 * apply role itself gets only the stack's services. The iam-permissions-boundary policy fails when a role's
 * policy needs a service missing here.
 */
export const BOUNDARY_EXTRA_SERVICES: readonly string[] = [
  ...new Set([
    ...Object.values(MANAGED_POLICY_SERVICES).flat(),
    'cloudwatch',
    'cognito-idp',
    'elasticloadbalancing',
    'pricing',
    'shield',
    'sqs',
    'ssm',
    'sts',
    'tag',
  ]),
]
  .filter((service) => service !== 'iam')
  .sort(byCodePoint);

/** Role changes the apply role may make to the roles it owns, and is denied on the CI roles themselves. */
export const ROLE_WRITE_ACTIONS: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

/** Changes to a managed policy (the boundary may not be edited, replaced or deleted by CI). */
export const POLICY_WRITE_ACTIONS: readonly string[] = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
];

export interface CiAccessProps {
  readonly accountId: string;
  readonly region: string;
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly githubRepository: string;
  /** GitHub environment the apply job runs in (protected: required reviewers, main only). */
  readonly applyEnvironment: string;
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** Name of the permissions boundary every role of the stack carries. */
  readonly boundaryPolicyName: string;
  /** Prefix of the IAM roles and policies infra manages (the apply role may change only those). */
  readonly iamNamePrefix: string;
  readonly stateBucketName: string;
  /** State objects of the stacks the roles plan and apply (each with its lock object). */
  readonly stateKeys: readonly string[];
  /**
   * The account's GitHub OIDC provider: created here, or an existing one read by ARN (an account has at most
   * one per URL; creating a second fails with EntityAlreadyExists). @default 'create'
   */
  readonly oidcProvider?: 'create' | { readonly existingArn: string };
}

/**
 * GitHub Actions reaches AWS through OIDC, never with stored keys.
 *
 * - The plan role (pull requests and main) reads what the stack's services need to refresh, never secret
 *   values, log events, images or objects other than the state, and cannot write the state or its lock
 *   (plans run with `-lock=false`).
 * - The apply role (the protected GitHub environment of the cluster, main branch, infra.yml only) manages
 *   exactly the services of the stack's resource types and the IAM roles named after the cluster, under a
 *   permissions boundary that every role it creates must carry and that it cannot edit or remove, and it
 *   cannot change either CI role: widening CI is an administrator's apply.
 */
export class CiAccess extends Construct {
  readonly planRole: IamRole;
  readonly applyRole: IamRole;
  readonly boundary: IamPolicy;
  readonly oidcProviderArn: string;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    const oidc = props.oidcProvider ?? 'create';
    const provider =
      oidc === 'create'
        ? new IamOpenidConnectProvider(this, 'github', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: ['sts.amazonaws.com'],
          })
        : new DataAwsIamOpenidConnectProvider(this, 'github', { arn: oidc.existingArn });
    this.oidcProviderArn = provider.arn;
    const claim = (name: string) => `${GITHUB_OIDC_HOST}:${name}`;
    const trust = (id: string, conditions: PolicyStatement['conditions']) =>
      policyDocument(this, id, [
        {
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [provider.arn] }],
          conditions: [
            { test: 'StringEquals', variable: claim('aud'), values: ['sts.amazonaws.com'] },
            ...(conditions ?? []),
          ],
        },
      ]);
    const repo = `repo:${props.githubRepository}`;
    const account = props.accountId;
    const iam = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
    const boundaryArn = iam('policy', props.boundaryPolicyName);
    const planRoleArn = iam('role', props.planRoleName);
    const applyRoleArn = iam('role', props.applyRoleName);

    this.planRole = new IamRole(this, 'plan-role', {
      name: props.planRoleName,
      description: 'terraform plan from GitHub Actions (pull requests and main), read-only',
      assumeRolePolicy: trust('plan-trust', [
        {
          test: 'StringEquals',
          variable: claim('sub'),
          values: [`${repo}:pull_request`, `${repo}:ref:refs/heads/${APPLY_BRANCH}`],
        },
      ]),
      maxSessionDuration: 3600,
    });
    // AWS STS evaluates GitHub's `ref` and `job_workflow_ref` claims (since January 2026): the environment
    // alone (sub) would also admit a run of another branch or workflow that names the environment.
    this.applyRole = new IamRole(this, 'apply-role', {
      name: props.applyRoleName,
      description: `terraform apply from GitHub Actions (${APPLY_BRANCH}, environment ${props.applyEnvironment})`,
      assumeRolePolicy: trust('apply-trust', [
        { test: 'StringEquals', variable: claim('sub'), values: [`${repo}:environment:${props.applyEnvironment}`] },
        { test: 'StringEquals', variable: claim('ref'), values: [`refs/heads/${APPLY_BRANCH}`] },
        {
          test: 'StringEquals',
          variable: claim('job_workflow_ref'),
          values: [`${props.githubRepository}/${INFRA_WORKFLOW_PATH}@refs/heads/${APPLY_BRANCH}`],
        },
      ]),
      maxSessionDuration: 3600,
    });

    // Resolved at synth, once every construct of the stack exists: the services of its resource types.
    const stack = TerraformStack.of(this);
    const services = () => stackServices(stack);
    const lazy = (produce: () => string[]) => Lazy.listValue({ produce }, { omitEmpty: false });

    const ownRoles = iam('role', `${props.iamNamePrefix}-*`);
    const ownPolicies = iam('policy', `${props.iamNamePrefix}-*`);
    const iamStatements = (serviceActionsFor: () => string[]): PolicyStatement[] => [
      { sid: 'StackServices', actions: lazy(serviceActionsFor), resources: ['*'] },
      { sid: 'ReadIam', actions: ['iam:Get*', 'iam:List*'], resources: ['*'] },
      {
        sid: 'ManageOwnRolesAndPolicies',
        actions: [
          ...ROLE_WRITE_ACTIONS.filter(
            (action) => action !== 'iam:PutRolePermissionsBoundary' && action !== 'iam:DeleteRolePermissionsBoundary',
          ),
          'iam:CreatePolicy',
          'iam:CreatePolicyVersion',
          'iam:DeletePolicy',
          'iam:DeletePolicyVersion',
          'iam:TagPolicy',
          'iam:UntagPolicy',
          'iam:PassRole',
        ],
        resources: [ownRoles, ownPolicies],
      },
      {
        sid: 'CreateRolesOnlyWithTheBoundary',
        actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        resources: [ownRoles],
        conditions: [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [boundaryArn] }],
      },
      {
        sid: 'InstanceProfiles',
        actions: [
          'iam:CreateInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:AddRoleToInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:TagInstanceProfile',
          'iam:UntagInstanceProfile',
        ],
        resources: [iam('instance-profile', '*')],
      },
      {
        sid: 'ManageGithubOidcProvider',
        actions: [
          'iam:CreateOpenIDConnectProvider',
          'iam:UpdateOpenIDConnectProviderThumbprint',
          'iam:AddClientIDToOpenIDConnectProvider',
          'iam:RemoveClientIDFromOpenIDConnectProvider',
          'iam:TagOpenIDConnectProvider',
          'iam:UntagOpenIDConnectProvider',
        ],
        resources: [iam('oidc-provider', GITHUB_OIDC_HOST)],
      },
      {
        sid: 'ServiceLinkedRoles',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [iam('role', 'aws-service-role/*')],
      },
      // Guard rails: a deny wins over every allow, in the boundary as in the identity policy.
      { sid: 'KeepBoundaries', effect: 'Deny', actions: ['iam:DeleteRolePermissionsBoundary'], resources: ['*'] },
      {
        sid: 'OnlyThisBoundary',
        effect: 'Deny',
        actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        resources: ['*'],
        conditions: [{ test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [boundaryArn] }],
      },
      { sid: 'BoundaryIsFixed', effect: 'Deny', actions: [...POLICY_WRITE_ACTIONS], resources: [boundaryArn] },
      {
        sid: 'CiRolesAreFixed',
        effect: 'Deny',
        actions: [...ROLE_WRITE_ACTIONS, 'iam:PassRole'],
        resources: [planRoleArn, applyRoleArn],
      },
      {
        sid: 'NoUsersOrKeys',
        effect: 'Deny',
        actions: ['iam:*User*', 'iam:*Group*', 'iam:*AccessKey*', 'iam:*LoginProfile*'],
        resources: ['*'],
      },
    ];

    this.boundary = new IamPolicy(this, 'boundary', {
      name: props.boundaryPolicyName,
      description: `Permissions boundary of every IAM role of ${props.iamNamePrefix}; CI cannot change or remove it`,
      policy: policyDocument(
        this,
        'boundary-policy',
        iamStatements(() => manageActions([...new Set([...services(), ...BOUNDARY_EXTRA_SERVICES])])),
      ),
    });
    // Every role of the stack, the CI roles included, carries the boundary (roles created later too); the
    // reference makes Terraform create the boundary first.
    const boundaryReference = this.boundary.arn;
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node instanceof IamRole) node.permissionsBoundary = boundaryReference;
      },
    });

    const stateBucketArn = `arn:aws:s3:::${props.stateBucketName}`;
    const stateObjectArns = props.stateKeys.map((key) => `${stateBucketArn}/${key}`);
    const s3ViaService = `s3.${props.region}.amazonaws.com`;
    new IamRolePolicy(this, 'plan-read', {
      role: this.planRole.name,
      name: 'plan-read-only',
      policy: policyDocument(this, 'plan-read-policy', [
        { sid: 'RefreshStackResources', actions: lazy(() => readActions(services())), resources: ['*'] },
        { sid: 'ListState', actions: ['s3:ListBucket'], resources: [stateBucketArn] },
        // The state object only; no PutObject or DeleteObject: plans never take the lock.
        { sid: 'ReadState', actions: ['s3:GetObject'], resources: stateObjectArns },
        {
          sid: 'DecryptStateOnly',
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [s3ViaService] },
            { test: 'StringEquals', variable: 'kms:EncryptionContext:aws:s3:arn', values: [stateBucketArn] },
          ],
        },
        {
          sid: 'NoSecretValues',
          effect: 'Deny',
          actions: SECRET_VALUE_ACTIONS.filter((action) => action !== 'kms:Decrypt'),
          resources: ['*'],
        },
        { sid: 'NoObjectsButState', effect: 'Deny', actions: ['s3:GetObject*'], notResources: stateObjectArns },
        {
          sid: 'NoDecryptOutsideState',
          effect: 'Deny',
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: [{ test: 'StringNotEquals', variable: 'kms:ViaService', values: [s3ViaService] }],
        },
        { sid: 'NoStateWrites', effect: 'Deny', actions: ['s3:PutObject', 's3:DeleteObject*'], resources: ['*'] },
      ]),
    });

    new IamRolePolicy(this, 'apply-state', {
      role: this.applyRole.name,
      name: 'terraform-state',
      policy: policyDocument(this, 'apply-state-policy', [
        { sid: 'ListState', actions: ['s3:ListBucket'], resources: [stateBucketArn] },
        {
          sid: 'ReadWriteStateAndLock',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: stateObjectArns.flatMap((arn) => [arn, `${arn}.tflock`]),
        },
      ]),
    });
    new IamRolePolicy(this, 'apply-manage', {
      role: this.applyRole.name,
      name: 'manage-stack',
      policy: policyDocument(this, 'apply-manage-policy', [
        ...iamStatements(() => manageActions(services())),
        {
          sid: 'NoSecretValues',
          effect: 'Deny',
          actions: [
            ...SECRET_VALUE_ACTIONS.filter((action) => !action.startsWith('kms:') && !action.startsWith('ecr:')),
            'secretsmanager:PutSecretValue',
          ],
          resources: ['*'],
        },
      ]),
    });
  }
}

/** Every Terraform resource and data source type in the stack. */
export function stackTypes(stack: IConstruct): string[] {
  const types = new Set<string>();
  for (const node of stack.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) types.add(node.terraformResourceType);
  }
  return [...types].sort(byCodePoint);
}

/** The services (IAM prefixes) the stack's resources belong to; an unmapped type is a build error. */
export function stackServices(stack: IConstruct): string[] {
  const services = new Set<string>();
  for (const type of stackTypes(stack)) {
    if (LOCAL_DATA_SOURCES.includes(type)) continue;
    const service = serviceOfType(type);
    if (service === undefined) {
      throw new Error(
        `infra/constructs/ci-services.ts maps no AWS service to the Terraform type ${type}: add it so the CI roles may manage it`,
      );
    }
    services.add(service);
  }
  return [...services].sort(byCodePoint);
}

/** `<service>:*` (plus the service's extra actions) for every service but IAM, which has its own statements. */
function manageActions(services: readonly string[]): string[] {
  return services
    .filter((service) => service !== 'iam')
    .flatMap((service) => CI_SERVICES[service]?.manageActions ?? [`${service}:*`])
    .sort(byCodePoint);
}

function readActions(services: readonly string[]): string[] {
  return services.flatMap((service) => CI_SERVICES[service]?.readActions ?? []).sort(byCodePoint);
}
