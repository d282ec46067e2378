import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktn/provider-aws/lib/kms-key-policy';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from './policy-document';

/** What a key's users may do with it: the envelope-encryption actions AWS services call on their behalf. */
export const KEY_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** Managing a key, never using it: what the account root (and through IAM, the admins and CI apply role) may do. */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Days before a scheduled deletion happens. */
  readonly deletionWindowDays: number;
  /** The account the key lives in; its root administers the key. */
  readonly accountId: string;
  /** Region of the key. @default the provider's region */
  readonly region?: string;
}

/**
 * A customer-managed KMS key with yearly rotation, a readable alias and an explicit key policy: the account
 * root may administer the key (so IAM can delegate management to admins and the CI apply role) but not use
 * it; every use is a statement of its own, scoped to a named principal or to AWS services of the account.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  private readonly accountId: string;
  private readonly region: string | undefined;
  private policy: KmsKeyPolicy | undefined;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      region: props.region,
    });
    this.accountId = props.accountId;
    this.region = props.region;
    new KmsAlias(this, 'alias', {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
      region: props.region,
    });
  }

  get arn(): string {
    return this.key.arn;
  }

  /**
   * Replaces the default key policy with the administration statement and the given uses. A resource of its
   * own: its statements name roles that are created after the key (some of them use it), and resources that
   * need the key usable (a node group on a volume key) depend on it. Call once per key.
   */
  attachPolicy(statements: readonly PolicyStatement[]): KmsKeyPolicy {
    if (this.policy !== undefined) throw new Error(`key ${this.node.path} already has its policy`);
    this.policy = new KmsKeyPolicy(this, 'policy', {
      keyId: this.key.keyId,
      policy: policyDocument(this, 'policy-document', [keyAdministration(this.accountId), ...statements]),
      region: this.region,
    });
    return this.policy;
  }
}

/** The account root administers the key; without it the key could become unmanageable. */
export function keyAdministration(accountId: string): PolicyStatement {
  return {
    sid: 'AccountAdministersKey',
    actions: [...KEY_ADMIN_ACTIONS],
    resources: ['*'],
    principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${accountId}:root`] }],
  };
}

/**
 * Principals of the account may use the key only through the given AWS services in the given region (IAM
 * decides which principals): the services encrypt and decrypt on their behalf, and create grants only for
 * their own resources (RDS, ElastiCache, EKS and AWS Backup keep long-lived grants).
 */
export function useThroughServices(
  sid: string,
  accountId: string,
  region: string,
  services: readonly string[],
): PolicyStatement[] {
  const conditions = [
    { test: 'StringEquals', variable: 'kms:CallerAccount', values: [accountId] },
    {
      test: 'StringEquals',
      variable: 'kms:ViaService',
      values: services.map((service) => `${service}.${region}.amazonaws.com`),
    },
  ];
  const principals = [{ type: 'AWS', identifiers: [`arn:aws:iam::${accountId}:root`] }];
  return [
    { sid, actions: [...KEY_USE_ACTIONS], resources: ['*'], principals, conditions },
    {
      sid: `${sid}Grants`,
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: ['*'],
      principals,
      conditions: [...conditions, { test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
    },
  ];
}

/**
 * Named roles use the key directly (the key policy alone admits them): the EC2 Auto Scaling service-linked
 * role that launches managed nodes, the controller launching Karpenter nodes. Grants only for AWS resources
 * (EC2 attaches the encrypted volume through one).
 */
export function useByRoles(sid: string, roleArns: readonly string[], viaService?: string): PolicyStatement[] {
  const principals = [{ type: 'AWS', identifiers: [...roleArns] }];
  const scoped =
    viaService === undefined ? [] : [{ test: 'StringEquals', variable: 'kms:ViaService', values: [viaService] }];
  return [
    {
      sid,
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
      principals,
      conditions: scoped.length > 0 ? scoped : undefined,
    },
    {
      sid: `${sid}Grants`,
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      principals,
      conditions: [...scoped, { test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
    },
  ];
}
