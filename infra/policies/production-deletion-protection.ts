import { isTrue, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Resource types whose `deletion_protection` must be on in production. */
export const PROTECTED_TYPES = ['aws_db_instance', 'aws_rds_cluster', 'aws_eks_cluster'];

/** In production, the database and the cluster cannot be destroyed by one mistaken apply. */
export const productionDeletionProtection: Policy = {
  id: 'production-deletion-protection',
  description: 'production databases and EKS clusters have deletion protection',
  check(json, context) {
    if (!context.production) return [];
    const violations: Violation[] = [];
    for (const resource of resourcesOf(json, ...PROTECTED_TYPES)) {
      if (!isTrue(resource.config.deletion_protection)) {
        violations.push({
          policy: this.id,
          address: resource.address,
          message: 'deletion_protection is not true in production',
        });
      }
    }
    return violations;
  },
};
