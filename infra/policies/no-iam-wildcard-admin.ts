import { blockList, dataSourcesOf, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Managed policies that grant every action on every resource. */
export const ADMIN_POLICY_ARNS = ['arn:aws:iam::aws:policy/AdministratorAccess'];

const POLICY_RESOURCE_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_s3_bucket_policy',
  'aws_kms_key',
  'aws_secretsmanager_secret_policy',
  'aws_ecr_repository_policy',
];

interface Statement {
  readonly effect: unknown;
  readonly actions: unknown;
  readonly resources: unknown;
}

/** No IAM statement allows `*` on `*` (in policy documents, literal JSON policies or attached policies). */
export const noIamWildcardAdmin: Policy = {
  id: 'no-iam-wildcard-admin',
  description: 'no IAM statement allows every action on every resource',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    for (const document of dataSourcesOf(json, 'aws_iam_policy_document')) {
      blockList(document.config.statement).forEach((statement, index) => {
        const parsed = { effect: statement.effect, actions: statement.actions, resources: statement.resources };
        if (allowsEverything(parsed)) add(document.address, `statement ${index} allows "*" on "*"`);
      });
    }
    for (const resource of resourcesOf(json, ...POLICY_RESOURCE_TYPES)) {
      for (const [index, statement] of literalStatements(resource.config.policy).entries()) {
        if (allowsEverything(statement)) add(resource.address, `statement ${index} allows "*" on "*"`);
      }
    }
    for (const attachment of resourcesOf(
      json,
      'aws_iam_role_policy_attachment',
      'aws_iam_user_policy_attachment',
      'aws_iam_group_policy_attachment',
      'aws_iam_policy_attachment',
    )) {
      const arn = attachment.config.policy_arn;
      if (typeof arn === 'string' && ADMIN_POLICY_ARNS.includes(arn)) {
        add(attachment.address, `attaches ${arn}, which allows "*" on "*"`);
      }
    }
    return violations;
  },
};

function allowsEverything(statement: Statement): boolean {
  const effect = statement.effect ?? 'Allow';
  return effect === 'Allow' && includesStar(statement.actions) && includesStar(statement.resources);
}

function includesStar(value: unknown): boolean {
  return value === '*' || (Array.isArray(value) && value.includes('*'));
}

/** Statements of a policy given as literal JSON; references (`${...}`) are checked at their data source. */
function literalStatements(policy: unknown): Statement[] {
  if (typeof policy !== 'string' || !policy.trimStart().startsWith('{')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return [];
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  return blockList(statements).map((statement) => ({
    effect: statement.Effect,
    actions: statement.Action,
    resources: statement.Resource,
  }));
}
