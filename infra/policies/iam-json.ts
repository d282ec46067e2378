import { repositorySlug } from '../../lib/repository';
import { blockList, dataSourcesOf, resourcesOf, type TerraformJson, type TerraformResource } from './terraform-json';

/** One IAM statement as the aws_iam_policy_document data source holds it. */
export interface IamStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly conditions: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The statements of the policy document a `${data.aws_iam_policy_document.<name>.json}` reference points at. */
export function documentStatements(json: TerraformJson, reference: unknown): IamStatement[] {
  const match = /data\.aws_iam_policy_document\.([^.}]+)\.json/.exec(String(reference));
  if (match === null) return [];
  const document = dataSourcesOf(json, 'aws_iam_policy_document').find((candidate) => candidate.name === match[1]);
  return blockList(document?.config.statement).map((statement) => ({
    sid: typeof statement.sid === 'string' ? statement.sid : undefined,
    effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(statement.actions),
    resources: strings(statement.resources),
    notResources: strings(statement.not_resources),
    conditions: blockList(statement.condition).map((condition) => ({
      test: String(condition.test),
      variable: String(condition.variable),
      values: strings(condition.values),
    })),
  }));
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) covers an action, case-insensitively as IAM does. */
export function actionCovers(pattern: string, action: string): boolean {
  const expression = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(action.toLowerCase());
}

/** The inline policy statements (aws_iam_role_policy) of a role. */
export function inlineStatements(json: TerraformJson, role: TerraformResource): IamStatement[] {
  return resourcesOf(json, 'aws_iam_role_policy')
    .filter((policy) => String(policy.config.role).includes(`aws_iam_role.${role.name}.`))
    .flatMap((policy) => documentStatements(json, policy.config.policy));
}

/** The managed policy ARNs attached to a role. */
export function attachedPolicies(json: TerraformJson, role: TerraformResource): TerraformResource[] {
  return resourcesOf(json, 'aws_iam_role_policy_attachment').filter((attachment) =>
    String(attachment.config.role).includes(`aws_iam_role.${role.name}.`),
  );
}

/** The trust statements of a role. */
export function trustStatements(json: TerraformJson, role: TerraformResource): IamStatement[] {
  return documentStatements(json, role.config.assume_role_policy);
}

/** The GitHub OIDC `sub` values a role trusts (empty when GitHub cannot assume it). */
export function githubSubjects(json: TerraformJson, role: TerraformResource, host: string): string[] {
  return trustStatements(json, role)
    .filter((statement) => statement.effect === 'Allow')
    .flatMap((statement) => statement.conditions.filter((condition) => condition.variable === `${host}:sub`))
    .flatMap((condition) => condition.values);
}

/**
 * Whether GitHub workflows of this repository (lib/repository.ts) may assume the role: the infra CI roles. The
 * image push roles of app repositories are trusted by other repositories and judged by their own tests.
 */
export function trustedByThisRepository(json: TerraformJson, role: TerraformResource, host: string): boolean {
  return githubSubjects(json, role, host).some((subject) => subject.startsWith(`repo:${repositorySlug()}:`));
}

/**
 * The Allow statement that grants an action, unless an unconditioned Deny on every resource (`*`) covers it.
 * Conditions of an Allow are ignored: it may still apply.
 */
export function allows(statements: readonly IamStatement[], action: string): IamStatement | undefined {
  const denied = statements.some(
    (statement) =>
      statement.effect === 'Deny' &&
      statement.conditions.length === 0 &&
      statement.resources.includes('*') &&
      statement.actions.some((pattern) => actionCovers(pattern, action)),
  );
  if (denied) return undefined;
  return statements.find(
    (statement) => statement.effect === 'Allow' && statement.actions.some((pattern) => actionCovers(pattern, action)),
  );
}
