import { IamOpenidConnectProvider } from '@cdktn/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyDocument } from './policy-document';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface CiAccessProps {
  readonly accountId: string;
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly githubRepository: string;
  /** GitHub environment the apply job runs in (required reviewers in production). */
  readonly applyEnvironment: string;
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** Prefix of the IAM roles and policies infra manages (the apply role may change only those). */
  readonly iamNamePrefix: string;
  readonly stateBucketName: string;
  readonly stateKey: string;
}

/**
 * GitHub Actions reaches AWS through OIDC, never with stored keys. Pull requests get a read-only plan role;
 * only the apply job of the main branch, inside the protected GitHub environment, gets the apply role.
 */
export class CiAccess extends Construct {
  readonly planRole: IamRole;
  readonly applyRole: IamRole;
  /** The account's GitHub OIDC provider, which other CI roles (image push) trust too. */
  readonly githubOidcProviderArn: string;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    const provider = new IamOpenidConnectProvider(this, 'github', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
    });
    this.githubOidcProviderArn = provider.arn;
    const trust = (id: string, subjects: string[]) =>
      policyDocument(this, id, [
        {
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [provider.arn] }],
          conditions: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: ['sts.amazonaws.com'] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: subjects },
          ],
        },
      ]);
    const repo = `repo:${props.githubRepository}`;
    this.planRole = new IamRole(this, 'plan-role', {
      name: props.planRoleName,
      description: 'terraform plan from GitHub Actions (pull requests)',
      assumeRolePolicy: trust('plan-trust', [`${repo}:pull_request`]),
      maxSessionDuration: 3600,
    });
    this.applyRole = new IamRole(this, 'apply-role', {
      name: props.applyRoleName,
      description: `terraform apply from GitHub Actions (main, environment ${props.applyEnvironment})`,
      assumeRolePolicy: trust('apply-trust', [`${repo}:environment:${props.applyEnvironment}`]),
      maxSessionDuration: 3600,
    });

    const stateBucketArn = `arn:aws:s3:::${props.stateBucketName}`;
    const stateAccess = policyDocument(this, 'state-access', [
      { sid: 'ListState', actions: ['s3:ListBucket'], resources: [stateBucketArn] },
      {
        sid: 'ReadWriteStateAndLock',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [`${stateBucketArn}/${props.stateKey}`, `${stateBucketArn}/${props.stateKey}.tflock`],
      },
    ]);
    for (const [name, role] of [
      ['plan', this.planRole],
      ['apply', this.applyRole],
    ] as const) {
      new IamRolePolicy(this, `${name}-state`, { role: role.name, name: 'terraform-state', policy: stateAccess });
    }
    new IamRolePolicyAttachment(this, 'plan-read-only', {
      role: this.planRole.name,
      policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    // Everything but IAM from PowerUserAccess; IAM only for the roles, policies and OIDC provider infra owns.
    new IamRolePolicyAttachment(this, 'apply-power-user', {
      role: this.applyRole.name,
      policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
    const account = props.accountId;
    new IamRolePolicy(this, 'apply-iam', {
      role: this.applyRole.name,
      name: 'manage-infra-iam',
      policy: policyDocument(this, 'apply-iam-policy', [
        {
          sid: 'ManageOwnRolesAndPolicies',
          actions: [
            'iam:CreateRole',
            'iam:DeleteRole',
            'iam:GetRole',
            'iam:UpdateRole',
            'iam:UpdateAssumeRolePolicy',
            'iam:TagRole',
            'iam:UntagRole',
            'iam:PutRolePolicy',
            'iam:GetRolePolicy',
            'iam:DeleteRolePolicy',
            'iam:ListRolePolicies',
            'iam:ListAttachedRolePolicies',
            'iam:AttachRolePolicy',
            'iam:DetachRolePolicy',
            'iam:ListInstanceProfilesForRole',
            'iam:PassRole',
          ],
          resources: [`arn:aws:iam::${account}:role/${props.iamNamePrefix}-*`],
        },
        {
          sid: 'ManageGithubOidcProvider',
          actions: [
            'iam:GetOpenIDConnectProvider',
            'iam:CreateOpenIDConnectProvider',
            'iam:UpdateOpenIDConnectProviderThumbprint',
            'iam:AddClientIDToOpenIDConnectProvider',
            'iam:RemoveClientIDFromOpenIDConnectProvider',
            'iam:TagOpenIDConnectProvider',
          ],
          resources: [`arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`],
        },
        {
          sid: 'ServiceLinkedRoles',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:aws:iam::${account}:role/aws-service-role/*`],
        },
      ]),
    });
  }
}
