import type { ClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import type { Project } from '../../lib/project/load';
import { cidrsOverlap } from '../../lib/project/rules';

/** A /16 VPC range that overlaps no cluster of the project. */
export function freeVpcCidr(project: Project): string {
  const used = project.clusters.map((cluster) => cluster.definition.vpcCidr);
  return Array.from({ length: 200 }, (_, i) => `10.${i + 40}.0.0/16`).find((candidate) =>
    used.every((other) => !cidrsOverlap(candidate, other)),
  )!;
}

/**
 * The `npm run cluster:new` flags of the third cluster: `<source>-eu` in eu-central-1, copied from the
 * project's first production cluster, with a base domain and VPC range no cluster uses (never named here).
 */
export function newClusterFlags(project: Project): { source: ClusterDefinition; name: string; args: string[] } {
  const source = project.clusters
    .map((cluster) => cluster.definition)
    .find((definition) => definition.environment === Environment.PRODUCTION)!;
  const name = `${source.name}-eu`;
  const args = [
    ...['--name', name, '--from', source.name, '--region', 'eu-central-1', '--account', '333333333333'],
    ...['--base-domain', `eu.${source.baseDomain}`, '--vpc-cidr', freeVpcCidr(project)],
  ];
  return { source, name, args };
}
