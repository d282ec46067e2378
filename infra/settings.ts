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
  /** EC2 instance types of the managed node group, in order of preference. */
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
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
  /** Region that receives a copy of every database backup. @default no copy */
  readonly backupCopyRegion?: string;
  /** IAM role names (in the environment's account) that get cluster-admin access entries. */
  readonly adminRoleNames: readonly string[];
  /** CIDRs that may reach the public EKS API endpoint. */
  readonly apiPublicAccessCidrs: readonly string[];
  /** Days a deleted secret can still be restored. */
  readonly secretRecoveryWindowDays: number;
  /**
   * App -> the GitHub repository (`owner/name`) whose pipeline builds it: each gets an image push role
   * (imagePushRoleName in lib/naming.ts) for the app's ECR repository only, trusted from its main branch and
   * tags. Apps not listed get no role (their images are pushed some other way).
   * @default none
   */
  readonly appPipelineRepositories?: Readonly<Record<string, string>>;
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
  apiPublicAccessCidrs: ['0.0.0.0/0'],
  budgetAlertEmails: ['platform-team@example.com'],
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
    nodeMaxSize: 4,
    nodeDiskGi: 50,
    databaseInstanceClass: 'db.t4g.medium',
    databaseStorageGi: 20,
    databaseMaxStorageGi: 100,
    databaseBackupRetentionDays: 7,
    databaseMultiAz: false,
    databaseDeletionProtection: false,
    cacheNodeType: 'cache.t4g.small',
    cacheNodes: 1,
    monthlyBudgetUsd: 1500,
    secretRecoveryWindowDays: 7,
  },
  [Environment.PRODUCTION]: {
    ...SHARED,
    natGateways: 'one-per-zone',
    nodeInstanceTypes: ['m7i.xlarge', 'm6i.xlarge'],
    nodeMinSize: 3,
    nodeDesiredSize: 3,
    nodeMaxSize: 9,
    nodeDiskGi: 100,
    databaseInstanceClass: 'db.m7g.large',
    databaseStorageGi: 100,
    databaseMaxStorageGi: 1000,
    databaseBackupRetentionDays: 30,
    databaseMultiAz: true,
    databaseDeletionProtection: true,
    cacheNodeType: 'cache.m7g.large',
    cacheNodes: 2,
    monthlyBudgetUsd: 6000,
    backupCopyRegion: 'eu-central-1',
    secretRecoveryWindowDays: 30,
  },
};

/** The settings of an environment. */
export function infraSettings(environment: Environment): InfraSettings {
  return SETTINGS[environment];
}
