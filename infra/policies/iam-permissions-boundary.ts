import { GITHUB_OIDC_HOST, POLICY_WRITE_ACTIONS } from '../constructs/ci-access';
import { MANAGED_POLICY_SERVICES } from '../constructs/ci-services';
import {
  actionCovers,
  attachedPolicies,
  documentStatements,
  trustedByThisRepository,
  inlineStatements,
  type IamStatement,
} from './iam-json';
import { resourcesOf, type TerraformJson, type TerraformResource } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * Every IAM role carries the stack's permissions boundary, and the boundary holds itself in place: it denies
 * removing a boundary, creating or re-bounding a role with any other boundary, editing the boundary policy,
 * and changing the GitHub-trusted (CI) roles. So the apply role cannot grant itself, or a role it creates,
 * more than the boundary allows. And the boundary does not silently cut a role: every action of its inline
 * policies and every service of its AWS-managed policies is allowed by the boundary.
 */
export const iamPermissionsBoundary: Policy = {
  id: 'iam-permissions-boundary',
  description: 'every IAM role has a self-protecting permissions boundary that CI cannot change or remove',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    const roles = resourcesOf(json, 'aws_iam_role');
    // This repository's CI roles (plan, apply); app pipelines' image push roles are managed by the apply role.
    const ciRoles = roles.filter((role) => trustedByThisRepository(json, role, GITHUB_OIDC_HOST));
    const checked = new Set<string>();
    for (const role of roles) {
      const boundary = boundaryOf(json, role);
      if (boundary === undefined) {
        add(role.address, 'has no permissions_boundary referencing an aws_iam_policy of the stack');
        continue;
      }
      const allowed = documentStatements(json, boundary.config.policy)
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => statement.actions);
      const blocked = (action: string) => !allowed.some((pattern) => actionCovers(pattern, action));
      const cut = inlineStatements(json, role)
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => statement.actions)
        .filter((action) => !action.includes('*') && blocked(action));
      if (cut.length > 0)
        add(role.address, `its boundary blocks ${[...new Set(cut)].join(', ')}, which its policy grants`);
      for (const attachment of attachedPolicies(json, role)) {
        const arn = String(attachment.config.policy_arn);
        const services = MANAGED_POLICY_SERVICES[arn.split('/').pop() ?? ''];
        if (services === undefined) {
          add(
            attachment.address,
            `attaches ${arn}, whose services infra/constructs/ci-services.ts does not list (MANAGED_POLICY_SERVICES)`,
          );
          continue;
        }
        const missing = services.filter((service) => service !== 'iam' && blocked(`${service}:AnyAction`));
        if (missing.length > 0)
          add(attachment.address, `its role's boundary blocks ${missing.join(', ')}, which ${arn} uses`);
      }
      if (checked.has(boundary.address)) continue;
      checked.add(boundary.address);
      const statements = documentStatements(json, boundary.config.policy);
      const denies = (action: string, resource: (value: string) => boolean, condition?: string) =>
        statements.some(
          (statement: IamStatement) =>
            statement.effect === 'Deny' &&
            statement.actions.some((pattern) => actionCovers(pattern, action)) &&
            statement.resources.some(resource) &&
            (condition === undefined
              ? statement.conditions.length === 0
              : statement.conditions.some((c) => c.test === 'StringNotEquals' && c.variable === condition)),
        );
      const anywhere = (value: string) => value === '*';
      if (!denies('iam:DeleteRolePermissionsBoundary', anywhere)) {
        add(boundary.address, 'does not deny iam:DeleteRolePermissionsBoundary on "*"');
      }
      for (const action of ['iam:CreateRole', 'iam:PutRolePermissionsBoundary']) {
        if (!denies(action, anywhere, 'iam:PermissionsBoundary')) {
          add(boundary.address, `does not deny ${action} unless iam:PermissionsBoundary is this boundary`);
        }
      }
      const name = String(boundary.config.name);
      for (const action of POLICY_WRITE_ACTIONS) {
        if (!denies(action, (value) => value.endsWith(`:policy/${name}`))) {
          add(boundary.address, `does not deny ${action} on itself`);
        }
      }
      for (const ciRole of ciRoles) {
        for (const action of ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy']) {
          if (!denies(action, (value) => value.endsWith(`:role/${String(ciRole.config.name)}`))) {
            add(boundary.address, `does not deny ${action} on the CI role ${String(ciRole.config.name)}`);
          }
        }
      }
    }
    return violations;
  },
};

/** The aws_iam_policy a role's permissions_boundary references. */
function boundaryOf(json: TerraformJson, role: TerraformResource): TerraformResource | undefined {
  const match = /aws_iam_policy\.([^.}]+)\.arn/.exec(String(role.config.permissions_boundary ?? ''));
  if (match === null) return undefined;
  return resourcesOf(json, 'aws_iam_policy').find((policy) => policy.name === match[1]);
}
