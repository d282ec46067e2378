import { GITHUB_OIDC_HOST } from '../constructs/ci-access';
import { LOCAL_DATA_SOURCES, serviceOfType } from '../constructs/ci-services';
import { inlineStatements, trustedByThisRepository } from './iam-json';
import { dataSourcesOf, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * The CI roles are least privilege for what the stack contains, and complete for it: every resource and data
 * source type maps to a service (infra/constructs/ci-services.ts) that the apply roles may manage and the
 * plan roles may read. A new resource type fails here, not at the first apply.
 */
export const ciCoversStack: Policy = {
  id: 'ci-covers-stack',
  description: 'every resource type of the stack maps to a service the CI roles are granted',
  check(json) {
    const violations: Violation[] = [];
    const services = new Set<string>();
    for (const resource of [...resourcesOf(json), ...dataSourcesOf(json)]) {
      if (LOCAL_DATA_SOURCES.includes(resource.type)) continue;
      const service = serviceOfType(resource.type);
      if (service === undefined) {
        violations.push({
          policy: this.id,
          address: resource.address,
          message: `${resource.type} maps to no AWS service in infra/constructs/ci-services.ts`,
        });
      } else {
        services.add(service);
      }
    }
    for (const role of resourcesOf(json, 'aws_iam_role')) {
      // An app repository's image push role manages no stack resource.
      if (!trustedByThisRepository(json, role, GITHUB_OIDC_HOST)) continue;
      const granted = new Set(
        inlineStatements(json, role)
          .filter((statement) => statement.effect === 'Allow')
          .flatMap((statement) => statement.actions.map((action) => action.split(':')[0])),
      );
      const missing = [...services].filter((service) => service !== 'sts' && !granted.has(service)).sort();
      if (missing.length > 0) {
        violations.push({
          policy: this.id,
          address: role.address,
          message: `grants nothing on ${missing.join(', ')}, which the stack's resources use`,
        });
      }
    }
    return violations;
  },
};
