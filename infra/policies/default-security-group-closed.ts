import { refersTo, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Every VPC's default security group is managed by infra and has no rules (checkov CKV2_AWS_12). */
export const defaultSecurityGroupClosed: Policy = {
  id: 'default-security-group-closed',
  description: "every VPC's default security group is managed and allows no traffic",
  check(json) {
    const violations: Violation[] = [];
    const defaults = resourcesOf(json, 'aws_default_security_group');
    for (const vpc of resourcesOf(json, 'aws_vpc')) {
      const group = defaults.find((candidate) => refersTo(candidate.config.vpc_id, vpc));
      if (group === undefined) {
        violations.push({
          policy: this.id,
          address: vpc.address,
          message: 'the default security group is unmanaged (add aws_default_security_group with no rules)',
        });
        continue;
      }
      for (const direction of ['ingress', 'egress']) {
        const rules = group.config[direction];
        if (rules !== undefined && !(Array.isArray(rules) && rules.length === 0)) {
          violations.push({ policy: this.id, address: group.address, message: `has ${direction} rules` });
        }
      }
    }
    return violations;
  },
};
