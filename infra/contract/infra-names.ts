import { resourcesOf, type TerraformJson } from '../policies/terraform-json';

/** What one synthesized stack creates, by the names YAML uses to point at it. */
export interface InfraNames {
  readonly accountIds: readonly string[];
  readonly region: string | undefined;
  readonly ecrRepositories: ReadonlySet<string>;
  readonly iamRoles: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  readonly buckets: ReadonlySet<string>;
  readonly webAcls: ReadonlySet<string>;
  /** Names on the stack's ACM certificates (may start with `*.`). */
  readonly certificateNames: readonly string[];
  readonly sqsQueues: ReadonlySet<string>;
  readonly eksClusters: ReadonlySet<string>;
  /** `key=value` of every tag on the stack's subnets. */
  readonly subnetTags: ReadonlySet<string>;
  /** `key=value` of every tag on its security groups, and of tags it puts on others' (aws_ec2_tag). */
  readonly securityGroupTags: ReadonlySet<string>;
}

/** Reads the created names out of a cdk.tf.json (literal names only; computed ones cannot be referenced). */
export function infraNames(json: TerraformJson): InfraNames {
  const names = (type: string, attribute: string) =>
    new Set(
      resourcesOf(json, type)
        .map((resource) => resource.config[attribute])
        .filter((value): value is string => typeof value === 'string'),
    );
  const provider = json.provider?.aws?.find((config) => config.alias === undefined);
  const allowed = provider?.allowed_account_ids;
  const certificateNames = resourcesOf(json, 'aws_acm_certificate').flatMap((certificate) => {
    const alternatives = certificate.config.subject_alternative_names;
    return [certificate.config.domain_name, ...(Array.isArray(alternatives) ? alternatives : [])].filter(
      (name): name is string => typeof name === 'string',
    );
  });
  const tagsOf = (type: string) =>
    resourcesOf(json, type).flatMap((resource) =>
      Object.entries((resource.config.tags as Record<string, unknown> | undefined) ?? {}).map(
        ([key, value]) => `${key}=${String(value)}`,
      ),
    );
  const addedTags = resourcesOf(json, 'aws_ec2_tag').map(
    (tag) => `${String(tag.config.key)}=${String(tag.config.value)}`,
  );
  return {
    accountIds: Array.isArray(allowed) ? allowed.filter((id): id is string => typeof id === 'string') : [],
    region: typeof provider?.region === 'string' ? provider.region : undefined,
    ecrRepositories: names('aws_ecr_repository', 'name'),
    iamRoles: names('aws_iam_role', 'name'),
    secrets: names('aws_secretsmanager_secret', 'name'),
    buckets: names('aws_s3_bucket', 'bucket'),
    webAcls: names('aws_wafv2_web_acl', 'name'),
    certificateNames,
    sqsQueues: names('aws_sqs_queue', 'name'),
    eksClusters: names('aws_eks_cluster', 'name'),
    subnetTags: new Set(tagsOf('aws_subnet')),
    securityGroupTags: new Set([...tagsOf('aws_security_group'), ...addedTags]),
  };
}

/** Whether a certificate name (`example.com`, `*.example.com`) covers a host, as TLS matching does. */
export function certificateCovers(certificateName: string, host: string): boolean {
  const name = certificateName.toLowerCase();
  const wanted = host.toLowerCase();
  if (!name.startsWith('*.')) return name === wanted;
  const firstDot = wanted.indexOf('.');
  return firstDot > 0 && wanted.slice(firstDot + 1) === name.slice(2);
}

/** Whether a selector's `key=value` matches a created tag (Karpenter: value `*` matches any value of the key). */
export function tagSelected(selector: string, created: ReadonlySet<string>): boolean {
  if (created.has(selector)) return true;
  const separator = selector.indexOf('=');
  const key = selector.slice(0, separator);
  return selector.slice(separator + 1) === '*' && [...created].some((tag) => tag.startsWith(`${key}=`));
}
