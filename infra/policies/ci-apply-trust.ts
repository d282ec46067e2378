import { APPLY_BRANCH, GITHUB_OIDC_HOST } from '../constructs/ci-access';
import { attachedPolicies, githubSubjects, trustedByThisRepository, trustStatements } from './iam-json';
import { resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * A role GitHub Actions can assume outside pull requests is trusted only for a protected environment of this
 * repository AND the main branch AND the infra workflow (claims `sub`, `ref`, `job_workflow_ref`), never by a
 * wildcard subject, and holds no AWS-managed policy (PowerUserAccess and friends are not least privilege).
 */
export const ciApplyTrust: Policy = {
  id: 'ci-apply-trust',
  description: 'GitHub-trusted roles: environment + main branch + workflow, exact subjects, no managed policies',
  check(json) {
    const violations: Violation[] = [];
    const claim = (name: string) => `${GITHUB_OIDC_HOST}:${name}`;
    for (const role of resourcesOf(json, 'aws_iam_role')) {
      if (!trustedByThisRepository(json, role, GITHUB_OIDC_HOST)) continue;
      const subjects = githubSubjects(json, role, GITHUB_OIDC_HOST);
      const statements = trustStatements(json, role).filter((statement) =>
        statement.conditions.some((condition) => condition.variable.startsWith(`${GITHUB_OIDC_HOST}:`)),
      );
      if (statements.length === 0) continue;
      const add = (message: string) => violations.push({ policy: this.id, address: role.address, message });
      for (const statement of statements) {
        for (const condition of statement.conditions) {
          if (condition.variable === claim('sub') && condition.test !== 'StringEquals') {
            add(`matches sub with ${condition.test}: use StringEquals with exact subjects`);
          }
        }
        if (!statement.conditions.some((condition) => condition.variable === claim('sub'))) {
          add('trusts GitHub without a sub condition: any repository could assume it');
        }
      }
      if (subjects.some((subject) => subject.endsWith(':pull_request'))) continue; // ci-plan-read-only's role
      for (const attachment of attachedPolicies(json, role)) {
        add(`attaches the managed policy ${String(attachment.config.policy_arn)}: grant the stack's services instead`);
      }
      if (!subjects.every((subject) => subject.includes(':environment:'))) {
        add(`trusts ${subjects.join(', ')}: an apply role trusts only repo:<repo>:environment:<protected environment>`);
      }
      const conditionValues = (name: string) =>
        statements.flatMap((statement) =>
          statement.conditions
            .filter((condition) => condition.variable === claim(name) && condition.test === 'StringEquals')
            .flatMap((condition) => condition.values),
        );
      const ref = `refs/heads/${APPLY_BRANCH}`;
      const refs = conditionValues('ref');
      if (refs.length === 0 || refs.some((value) => value !== ref)) {
        add(`does not require ${claim('ref')} = ${ref}: a run of another branch in the environment could apply`);
      }
      const workflows = conditionValues('job_workflow_ref');
      if (workflows.length === 0 || workflows.some((value) => !value.endsWith(`@${ref}`))) {
        add(`does not require ${claim('job_workflow_ref')} = <repo>/<workflow>@${ref}`);
      }
    }
    return violations;
  },
};
