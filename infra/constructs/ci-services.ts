/**
 * Which AWS service (IAM action prefix) manages each Terraform resource type infra creates, and what the
 * read-only plan role may call on it. The CI roles are built from the services the synthesized stack really
 * contains (see CiAccess), so a new resource type without an entry here fails the build instead of failing
 * the first apply with AccessDenied.
 */

/** A service the stack's resources belong to, with the read actions `terraform plan` refreshes them with. */
export interface CiService {
  /** IAM action prefix, e.g. `ec2`. */
  readonly prefix: string;
  /**
   * What `terraform plan` needs to refresh the service's resources. Never an action that returns a secret
   * value or an object's content (see SECRET_VALUE_ACTIONS, which the plan role also denies explicitly).
   */
  readonly readActions: readonly string[];
  /** What the apply role (and the permissions boundary) allows. @default `<prefix>:*` */
  readonly manageActions?: readonly string[];
}

const describeListGet = (prefix: string): CiService => ({
  prefix,
  readActions: [`${prefix}:Describe*`, `${prefix}:List*`, `${prefix}:Get*`],
});

/** Services by IAM action prefix. */
export const CI_SERVICES: Readonly<Record<string, CiService>> = {
  acm: describeListGet('acm'),
  // Creating a vault also mounts its storage capsule.
  backup: { ...describeListGet('backup'), manageActions: ['backup:*', 'backup-storage:MountCapsule'] },
  budgets: {
    prefix: 'budgets',
    readActions: ['budgets:ViewBudget', 'budgets:Describe*', 'budgets:ListTagsForResource'],
  },
  // Cost allocation tag activation (the account's billing settings).
  ce: {
    prefix: 'ce',
    readActions: ['ce:ListCostAllocationTags'],
    manageActions: ['ce:ListCostAllocationTags', 'ce:UpdateCostAllocationTagsStatus'],
  },
  cloudtrail: describeListGet('cloudtrail'),
  cloudwatch: { prefix: 'cloudwatch', readActions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'] },
  ec2: {
    prefix: 'ec2',
    readActions: ['ec2:Describe*', 'ec2:GetLaunchTemplateData', 'ec2:GetManagedPrefixListEntries'],
  },
  // Repository settings only: Get* would include image downloads and the registry login token.
  ecr: {
    prefix: 'ecr',
    readActions: ['ecr:Describe*', 'ecr:List*', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy'],
  },
  eks: { prefix: 'eks', readActions: ['eks:Describe*', 'eks:List*'] },
  elasticache: { prefix: 'elasticache', readActions: ['elasticache:Describe*', 'elasticache:List*'] },
  events: { prefix: 'events', readActions: ['events:Describe*', 'events:List*'] },
  iam: { prefix: 'iam', readActions: ['iam:Get*', 'iam:List*'] },
  kms: { prefix: 'kms', readActions: ['kms:Describe*', 'kms:List*', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus'] },
  // Log groups, not their events (application logs may carry personal data).
  logs: { prefix: 'logs', readActions: ['logs:Describe*', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'] },
  rds: { prefix: 'rds', readActions: ['rds:Describe*', 'rds:List*'] },
  route53: { prefix: 'route53', readActions: ['route53:Get*', 'route53:List*'] },
  // Bucket settings, never object content (s3:GetObject is denied but for the state object).
  s3: {
    prefix: 's3',
    readActions: ['s3:GetBucket*', 's3:Get*Configuration', 's3:GetAccountPublicAccessBlock', 's3:ListAllMyBuckets'],
  },
  scheduler: { prefix: 'scheduler', readActions: ['scheduler:Get*', 'scheduler:List*'] },
  // Secret metadata, never values (GetSecretValue is denied below).
  secretsmanager: {
    prefix: 'secretsmanager',
    readActions: [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetResourcePolicy',
      'secretsmanager:ListSecrets',
      'secretsmanager:ListSecretVersionIds',
    ],
  },
  // Queue settings, never messages (ReceiveMessage is not a read here).
  sqs: {
    prefix: 'sqs',
    readActions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueues', 'sqs:ListQueueTags'],
  },
  sns: { prefix: 'sns', readActions: ['sns:GetTopicAttributes', 'sns:GetSubscriptionAttributes', 'sns:List*'] },
  sts: { prefix: 'sts', readActions: ['sts:GetCallerIdentity'] },
  wafv2: describeListGet('wafv2'),
};

/**
 * Terraform type prefixes (after `aws_`) and the service that manages them; the longest matching prefix wins.
 * Data sources share the table (`aws_availability_zones` is read through ec2).
 */
const TYPE_PREFIXES: Readonly<Record<string, string>> = {
  acm_: 'acm',
  availability_zones: 'ec2',
  backup_: 'backup',
  budgets_: 'budgets',
  caller_identity: 'sts',
  ce_: 'ce',
  cloudtrail: 'cloudtrail',
  cloudwatch_event_: 'events',
  cloudwatch_log_: 'logs',
  cloudwatch_metric_alarm: 'cloudwatch',
  db_: 'rds',
  default_security_group: 'ec2',
  ecr_: 'ecr',
  ec2_tag: 'ec2',
  eip: 'ec2',
  eks_: 'eks',
  elasticache_: 'elasticache',
  flow_log: 'ec2',
  iam_: 'iam',
  internet_gateway: 'ec2',
  kms_: 'kms',
  launch_template: 'ec2',
  nat_gateway: 'ec2',
  route53_: 'route53',
  route_table: 'ec2',
  s3_: 's3',
  scheduler_: 'scheduler',
  secretsmanager_: 'secretsmanager',
  security_group: 'ec2',
  sns_: 'sns',
  sqs_: 'sqs',
  subnet: 'ec2',
  vpc: 'ec2',
  wafv2_: 'wafv2',
};

/** Data sources Terraform evaluates locally: they call no AWS API. */
export const LOCAL_DATA_SOURCES: readonly string[] = ['aws_iam_policy_document', 'aws_partition', 'aws_region'];

/** The service (IAM action prefix) of a Terraform resource or data source type, or undefined when unmapped. */
export function serviceOfType(type: string): string | undefined {
  if (!type.startsWith('aws_')) return undefined;
  const rest = type.slice('aws_'.length);
  const match = Object.keys(TYPE_PREFIXES)
    .filter((prefix) => rest === prefix || rest.startsWith(prefix.endsWith('_') ? prefix : `${prefix}_`))
    .sort((a, b) => b.length - a.length)[0];
  return match === undefined ? undefined : TYPE_PREFIXES[match];
}

/**
 * Actions that return secret material or data: the plan role is denied them explicitly (a deny wins over any
 * allow, including one a future edit adds by mistake). State objects are the exception, see CiAccess.
 */
export const SECRET_VALUE_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'rds:DownloadDBLogFilePortion',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'ecr:GetAuthorizationToken',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

/**
 * The services the AWS-managed policies attached to the stack's roles use (from each policy's current
 * version): the permissions boundary must allow them, or the role silently loses those permissions. The
 * iam-permissions-boundary policy fails on a managed policy missing here.
 */
export const MANAGED_POLICY_SERVICES: Readonly<Record<string, readonly string[]>> = {
  AmazonEC2ContainerRegistryPullOnly: ['ecr'],
  AmazonEC2ContainerRegistryReadOnly: ['ecr'],
  AmazonEKSClusterPolicy: ['autoscaling', 'ec2', 'elasticloadbalancing', 'iam', 'kms'],
  AmazonEKSWorkerNodePolicy: ['ec2', 'eks', 'eks-auth'],
  AmazonEKS_CNI_Policy: ['ec2'],
  AmazonEBSCSIDriverPolicy: ['ec2', 'kms'],
  AmazonSSMManagedInstanceCore: ['ec2messages', 'ssm', 'ssmmessages'],
  AWSBackupServiceRolePolicyForBackup: ['backup', 'ec2', 'kms', 'rds', 'tag'],
  AWSBackupServiceRolePolicyForRestores: ['backup', 'ec2', 'iam', 'kms', 'rds'],
};
