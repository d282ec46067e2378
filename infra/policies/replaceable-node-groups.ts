import { block, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * A managed node group can be replaced without downtime and is not resized by every apply: a generated name
 * (node_group_name_prefix) and create_before_destroy bring the new group up before the old one drains, and
 * scaling_config[0].desired_size is ignored so Terraform never undoes whoever scaled the group.
 */
export const replaceableNodeGroups: Policy = {
  id: 'replaceable-node-groups',
  description: 'node groups have a generated name, create_before_destroy and an ignored desired size',
  check(json) {
    const violations: Violation[] = [];
    for (const nodeGroup of resourcesOf(json, 'aws_eks_node_group')) {
      const add = (message: string) => violations.push({ policy: this.id, address: nodeGroup.address, message });
      const lifecycle = block(nodeGroup.config.lifecycle);
      if (nodeGroup.config.node_group_name !== undefined || nodeGroup.config.node_group_name_prefix === undefined) {
        add('fixed node_group_name: a replacement must destroy the group first; use node_group_name_prefix');
      }
      if (lifecycle?.create_before_destroy !== true) {
        add('no lifecycle.create_before_destroy: a replacement-forcing change drains every node first');
      }
      const ignored = lifecycle?.ignore_changes;
      if (!(Array.isArray(ignored) && ignored.includes('scaling_config[0].desired_size'))) {
        add('lifecycle.ignore_changes lacks "scaling_config[0].desired_size": every apply resets the group size');
      }
    }
    return violations;
  },
};
