import { block, isTrue, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** CIDRs that open an endpoint to the whole internet. */
export const ANYWHERE = ['0.0.0.0/0', '::/0'];

/**
 * The EKS API is reachable from inside the VPC; from the internet only from the CIDRs the cluster definition
 * lists (never unset: EKS then defaults to 0.0.0.0/0), and in production never from anywhere.
 */
export const eksPrivateEndpoint: Policy = {
  id: 'eks-private-endpoint',
  description: 'EKS API endpoints are private, or public only to listed CIDRs (never 0.0.0.0/0 in production)',
  check(json, context) {
    const violations: Violation[] = [];
    for (const cluster of resourcesOf(json, 'aws_eks_cluster')) {
      const add = (message: string) => violations.push({ policy: this.id, address: cluster.address, message });
      const vpc = block(cluster.config.vpc_config) ?? {};
      if (!isTrue(vpc.endpoint_private_access)) add('endpoint_private_access is not true');
      if (vpc.endpoint_public_access === false || vpc.endpoint_public_access === 'false') continue;
      const cidrs = Array.isArray(vpc.public_access_cidrs) ? (vpc.public_access_cidrs as unknown[]).map(String) : [];
      if (cidrs.length === 0) {
        add('the public endpoint has no public_access_cidrs, so EKS opens it to 0.0.0.0/0');
      } else if (context.production && cidrs.some((cidr) => ANYWHERE.includes(cidr))) {
        add(`the production API endpoint is public to ${cidrs.filter((cidr) => ANYWHERE.includes(cidr)).join(', ')}`);
      }
    }
    return violations;
  },
};
