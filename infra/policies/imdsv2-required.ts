import { block, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Instances answer only IMDSv2 (session tokens): IMDSv1 lets a request forgery read node credentials. */
export const imdsv2Required: Policy = {
  id: 'imdsv2-required',
  description: 'launch templates and instances require IMDSv2; node groups use such a launch template',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    for (const resource of resourcesOf(json, 'aws_launch_template', 'aws_instance')) {
      const tokens = block(resource.config.metadata_options)?.http_tokens;
      if (tokens !== 'required') {
        add(
          resource.address,
          `metadata_options.http_tokens is ${JSON.stringify(tokens ?? 'unset')}, expected "required"`,
        );
      }
    }
    for (const nodeGroup of resourcesOf(json, 'aws_eks_node_group')) {
      if (block(nodeGroup.config.launch_template) === undefined) {
        add(nodeGroup.address, 'node group has no launch template, so its instances keep the default (IMDSv1 allowed)');
      }
    }
    return violations;
  },
};
