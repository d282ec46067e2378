import { GITHUB_OIDC_HOST } from '../constructs/ci-access';
import { allows, attachedPolicies, githubSubjects, inlineStatements } from './iam-json';
import { resourcesOf, type TerraformJson, type TerraformResource } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** What code from a pull request must never reach through the plan role. */
export const PLAN_FORBIDDEN_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  's3:PutObject',
  's3:DeleteObject',
];

/** EKS access policies that read Kubernetes Secrets (or more). */
export const SECRET_READING_ACCESS_POLICIES: readonly string[] = [
  'AmazonEKSAdminPolicy',
  'AmazonEKSAdminViewPolicy',
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSEditPolicy',
];

/** Roles a pull request's workflow can assume: any `pull_request` subject in their trust. */
export function pullRequestRoles(json: TerraformJson): TerraformResource[] {
  return resourcesOf(json, 'aws_iam_role').filter((role) =>
    githubSubjects(json, role, GITHUB_OIDC_HOST).some((subject) => subject.endsWith(':pull_request')),
  );
}

/**
 * A pull request can change the workflow that assumes the plan role, so the role is read-only for real: no
 * managed policies (ReadOnlyAccess reads every bucket's objects), no secret values, objects only of the
 * state, no state or lock writes, kms:Decrypt only through S3, no EKS access that reads Secrets.
 */
export const ciPlanReadOnly: Policy = {
  id: 'ci-plan-read-only',
  description: 'roles trusted for pull requests read no secret values, no objects but the state, and write nothing',
  check(json) {
    const violations: Violation[] = [];
    for (const role of pullRequestRoles(json)) {
      const add = (message: string) => violations.push({ policy: this.id, address: role.address, message });
      const roleName = String(role.config.name);
      for (const attachment of attachedPolicies(json, role)) {
        add(`attaches the managed policy ${String(attachment.config.policy_arn)} (use a scoped read policy)`);
      }
      const statements = inlineStatements(json, role);
      for (const action of PLAN_FORBIDDEN_ACTIONS) {
        const grant = allows(statements, action);
        if (grant !== undefined) add(`allows ${action} (statement ${grant.sid ?? grant.actions.join(',')})`);
      }
      const objectReads = statements.filter(
        (statement) =>
          statement.effect === 'Allow' && statement.actions.some((action) => /^s3:(\*|Get\*|GetObject)/i.test(action)),
      );
      const onlyState = (resources: readonly string[]) =>
        resources.length > 0 && resources.every((resource) => resource.endsWith('.tfstate'));
      const objectsFenced = statements.some(
        (statement) =>
          statement.effect === 'Deny' &&
          statement.actions.some((action) => /^s3:GetObject\*?$/i.test(action)) &&
          onlyState(statement.notResources),
      );
      for (const statement of objectReads) {
        if (!objectsFenced && !onlyState(statement.resources)) {
          add(`allows s3:GetObject on ${statement.resources.join(', ')}: only the state object may be read`);
        }
      }
      const decrypt = statements.filter(
        (statement) =>
          statement.effect === 'Allow' && statement.actions.some((action) => /^kms:(\*|Decrypt)$/i.test(action)),
      );
      for (const statement of decrypt) {
        const viaS3 = statement.conditions.some(
          (condition) =>
            condition.variable === 'kms:ViaService' && condition.values.every((value) => value.startsWith('s3.')),
        );
        if (!viaS3) add('allows kms:Decrypt other than through S3 for the state');
      }
      for (const association of resourcesOf(json, 'aws_eks_access_policy_association')) {
        const principal = String(association.config.principal_arn);
        const policyArn = String(association.config.policy_arn);
        const forRole =
          principal.endsWith(`:role/${roleName}`) || accessEntryOf(json, principal)?.endsWith(`:role/${roleName}`);
        if (forRole && SECRET_READING_ACCESS_POLICIES.some((name) => policyArn.endsWith(`/${name}`))) {
          add(`${association.address} grants ${policyArn}, which reads Kubernetes Secrets`);
        }
      }
    }
    return violations;
  },
};

/** The principal ARN of the access entry a `${aws_eks_access_entry.x.principal_arn}` reference names. */
function accessEntryOf(json: TerraformJson, reference: string): string | undefined {
  const match = /aws_eks_access_entry\.([^.}]+)\./.exec(reference);
  if (match === null) return undefined;
  const entry = resourcesOf(json, 'aws_eks_access_entry').find((candidate) => candidate.name === match[1]);
  return entry === undefined ? undefined : String(entry.config.principal_arn);
}
