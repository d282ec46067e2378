import { Environment } from '../lib/model/environment';
import { repositorySlug } from '../lib/repository';

/**
 * AWS-only values that differ per environment. The cluster definitions (`clusters/*.ts`) hold what the
 * manifests and infra share (account, region, Kubernetes version, domain, VPC CIDR, apps); sizes and
 * budgets that only infra needs live here, keyed by environment, so production differs from staging in one
 * visible place.
 */
export interface InfraSettings {
  /** Team that owns the resources: the `owner` default tag. */
  readonly owner: string;
  /** Finance cost center: the `cost-center` default tag. */
  readonly costCenter: string;
  /** NAT gateways: one per availability zone (zone-independent egress) or a single shared one. */
  readonly natGateways: 'one-per-zone' | 'single';
  /**
   * EC2 instance types of the managed node group, in order of preference. The group is the small system pool
   * (Karpenter, Argo CD, the add-ons): Karpenter launches every other node.
   */
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
  /** Only the first apply sets it; later changes of the group's size are left to whoever scales it. */
  readonly nodeDesiredSize: number;
  readonly nodeMaxSize: number;
  /** Root volume of each node (gp3, encrypted). */
  readonly nodeDiskGi: number;
  readonly databaseInstanceClass: string;
  readonly databaseStorageGi: number;
  /** Storage autoscaling ceiling. */
  readonly databaseMaxStorageGi: number;
  /** Automated backups and AWS Backup recovery points. */
  readonly databaseBackupRetentionDays: number;
  readonly databaseMultiAz: boolean;
  readonly databaseDeletionProtection: boolean;
  readonly cacheNodeType: string;
  /** Cache nodes: more than one turns on automatic failover and Multi-AZ. */
  readonly cacheNodes: number;
  /** Monthly cost budget of the environment's account, in USD. */
  readonly monthlyBudgetUsd: number;
  /** Who gets the budget alerts. */
  readonly budgetAlertEmails: readonly string[];
  /**
   * Monthly budget (USD) of each team's AWS cost in a cluster: what carries its `team` tag (its apps' image
   * repositories and secrets; shared capacity such as nodes is the platform's, split per team by OpenCost).
   */
  readonly teamMonthlyBudgetUsd: number;
  /** Per team, a monthly budget other than teamMonthlyBudgetUsd. @default none */
  readonly teamMonthlyBudgetsUsd?: Readonly<Record<string, number>>;
  /**
   * Per team, addresses subscribed by mail to its budget topic (`teamBudgetTopicName`).
   * @default none: the team subscribes its channel (AWS Chatbot for Slack, or mail) to the topic itself
   */
  readonly teamBudgetAlertEmails?: Readonly<Record<string, readonly string[]>>;
  /**
   * Copy every database backup to a second region: the cluster's `backupCopyRegion` (lib/model/backup-region.ts;
   * by default the region paired with the cluster's own).
   */
  readonly backupCopy: boolean;
  /**
   * Vault lock of the backup vault: `compliance` cannot be removed by anyone once its grace period
   * (`changeableForDays`) ends; `governance` can be lifted by a principal with backup:DeleteBackupVaultLockConfiguration.
   */
  readonly backupVaultLock: BackupVaultLockSettings;
  /** IAM role names (in the environment's account) that get cluster-admin access entries. */
  readonly adminRoleNames: readonly string[];
  /** Days a deleted secret can still be restored. */
  readonly secretRecoveryWindowDays: number;
  /** Days CloudTrail log files are kept, object-locked, before they expire. */
  readonly auditLogRetentionDays: number;
  /** Object lock mode of the trail bucket: COMPLIANCE cannot be shortened by anyone, root included. */
  readonly auditLogLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * Object lock mode of Velero's bucket (clusters with `platform.backup`), locked for the backup retention:
   * COMPLIANCE keeps every backup for its retention whoever asks; GOVERNANCE lets an administrator with
   * s3:BypassGovernanceRetention delete one early (to clean up a staging experiment).
   */
  readonly backupBucketLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Who gets the quarterly reminder to rotate the secrets AWS cannot rotate. */
  readonly secretRotationReminderEmails: readonly string[];
  /**
   * App -> the GitHub repository (`owner/name`) whose pipeline builds it: each gets an image push role
   * (imagePushRoleName in lib/naming.ts) for the app's ECR repository only, trusted from its main branch and
   * tags. Apps not listed get no role (their images are pushed some other way).
   * @default none
   */
  readonly appPipelineRepositories?: Readonly<Record<string, string>>;
}

export interface BackupVaultLockSettings {
  readonly mode: 'compliance' | 'governance';
  /** No recovery point can be deleted earlier (days). */
  readonly minRetentionDays: number;
  /** No recovery point may be kept longer (days). */
  readonly maxRetentionDays: number;
  /** Compliance mode only: days the lock can still be changed or removed before it becomes immutable. */
  readonly changeableForDays?: number;
}

/** The GitHub repository whose workflows may assume the infra CI roles (`owner/name`). */
export const GITHUB_REPOSITORY = repositorySlug();

/** PostgreSQL major version of RDS (minor versions are upgraded automatically). */
export const POSTGRES_MAJOR_VERSION = '18';

/** ElastiCache engine and version. */
export const CACHE_ENGINE = 'valkey';
export const CACHE_ENGINE_VERSION = '8.0';

const SHARED = {
  owner: 'platform-team',
  costCenter: 'cc-1042-platform',
  adminRoleNames: ['platform-admin'],
  budgetAlertEmails: ['platform-team@example.com'],
  secretRotationReminderEmails: ['platform-team@example.com'],
  // Each app's own repository calls .github/workflows/app-pipeline.yml (docs/app-pipeline.md).
  appPipelineRepositories: {
    gateway: 'acme/gateway',
    report: 'acme/report',
    web: 'acme/web',
    worker: 'acme/worker',
  },
} as const;

const SETTINGS: Readonly<Record<Environment, InfraSettings>> = {
  [Environment.STAGING]: {
    ...SHARED,
    natGateways: 'single',
    nodeInstanceTypes: ['m7i.large', 'm6i.large'],
    nodeMinSize: 2,
    nodeDesiredSize: 2,
    nodeMaxSize: 3,
    nodeDiskGi: 50,
    databaseInstanceClass: 'db.t4g.medium',
    databaseStorageGi: 20,
    databaseMaxStorageGi: 100,
    databaseBackupRetentionDays: 7,
    databaseMultiAz: false,
    databaseDeletionProtection: false,
    backupCopy: false,
    // Governance: a staging vault can still be unlocked (e.g. to shorten retention) by an administrator.
    backupVaultLock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 35 },
    cacheNodeType: 'cache.t4g.small',
    cacheNodes: 1,
    monthlyBudgetUsd: 1500,
    teamMonthlyBudgetUsd: 100,
    secretRecoveryWindowDays: 7,
    auditLogRetentionDays: 90,
    auditLogLockMode: 'GOVERNANCE',
    backupBucketLockMode: 'GOVERNANCE',
  },
  [Environment.PRODUCTION]: {
    ...SHARED,
    natGateways: 'one-per-zone',
    nodeInstanceTypes: ['m7i.large', 'm6i.large'],
    nodeMinSize: 3,
    nodeDesiredSize: 3,
    nodeMaxSize: 5,
    nodeDiskGi: 100,
    databaseInstanceClass: 'db.m7g.large',
    databaseStorageGi: 100,
    databaseMaxStorageGi: 1000,
    databaseBackupRetentionDays: 30,
    databaseMultiAz: true,
    databaseDeletionProtection: true,
    backupCopy: true,
    // Compliance: after 3 days nobody, root included, can delete a recovery point early or lift the lock.
    backupVaultLock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
    cacheNodeType: 'cache.m7g.large',
    cacheNodes: 2,
    monthlyBudgetUsd: 6000,
    teamMonthlyBudgetUsd: 500,
    secretRecoveryWindowDays: 30,
    auditLogRetentionDays: 365,
    auditLogLockMode: 'COMPLIANCE',
    backupBucketLockMode: 'COMPLIANCE',
  },
};

/** The settings of an environment. */
export function infraSettings(environment: Environment): InfraSettings {
  return SETTINGS[environment];
}

/** What exists once per AWS account (not per cluster): stacks of clusters sharing an account must agree. */
export interface AccountSettings {
  /**
   * The GitHub Actions OIDC provider (one per account and URL): `create` it in this account's stack, or
   * import the one that already exists (created by hand or by another stack) by its ARN.
   */
  readonly githubOidcProvider: 'create' | { readonly existingArn: string };
  /**
   * The EC2 Auto Scaling service-linked role that launches managed nodes (the node-volume key policy names
   * it, and KMS refuses a policy naming a role that does not exist yet). `create` it, or read the `existing`
   * one (an account that ever ran an Auto Scaling group has it).
   */
  readonly autoScalingServiceLinkedRole: 'create' | 'existing';
}

const DEFAULT_ACCOUNT: AccountSettings = { githubOidcProvider: 'create', autoScalingServiceLinkedRole: 'create' };

/** Per account id, what differs from the default (both created by the stack). */
const ACCOUNTS: Readonly<Record<string, Partial<AccountSettings>>> = {};

/** The settings of an AWS account. */
export function accountSettings(
  accountId: string,
  overrides: Readonly<Record<string, Partial<AccountSettings>>> = ACCOUNTS,
): AccountSettings {
  return { ...DEFAULT_ACCOUNT, ...overrides[accountId] };
}
