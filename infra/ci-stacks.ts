import type { AwsClusterDefinition } from '../lib/model/cluster';
import { Environment } from '../lib/model/environment';
import { hostedZoneName, infraCiRoleArn } from '../lib/naming';
import { byCodePoint } from '../lib/order';
import { infraApplyEnvironment } from './stacks/environment-stack';
import { PHASES, stackName, type Phase } from './stacks/stack-base';

/** One stack of the infra workflow's matrix. */
export interface CiStack {
  readonly cluster: string;
  readonly stack: string;
  readonly phase: Phase;
  readonly region: string;
  /** The cluster's public zone (the dns phase checks its delegation). */
  readonly zone: string;
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
  readonly githubEnvironment: string;
}

const ORDER: Record<Environment, number> = { [Environment.STAGING]: 0, [Environment.PRODUCTION]: 1 };

/**
 * The stacks of the given phase (every phase by default), staging clusters before production, then by name,
 * and for each cluster its phases in apply order.
 */
export function ciStacks(clusters: readonly AwsClusterDefinition[], phase?: Phase): CiStack[] {
  return [...clusters]
    .sort((a, b) => ORDER[a.environment] - ORDER[b.environment] || byCodePoint(a.name, b.name))
    .flatMap((cluster) =>
      PHASES.filter((candidate) => phase === undefined || candidate === phase).map((candidate) => ({
        cluster: cluster.name,
        stack: stackName(cluster, candidate),
        phase: candidate,
        region: cluster.awsRegion,
        zone: hostedZoneName(cluster),
        planRoleArn: infraCiRoleArn(cluster, 'plan'),
        applyRoleArn: infraCiRoleArn(cluster, 'apply'),
        githubEnvironment: infraApplyEnvironment(cluster),
      })),
    );
}

/**
 * The clusters whose stack creates what exists once per account (GitHub OIDC provider, Auto Scaling
 * service-linked role): per account the first cluster the workflow applies. The other clusters of the
 * account read those resources, so a second cluster in an account never fails with EntityAlreadyExists.
 */
export function accountOwners(clusters: readonly AwsClusterDefinition[]): ReadonlySet<string> {
  const owners = new Map<string, string>();
  for (const stack of ciStacks(clusters, 'main')) {
    const cluster = clusters.find((candidate) => candidate.name === stack.cluster)!;
    if (!owners.has(cluster.awsAccountId)) owners.set(cluster.awsAccountId, cluster.name);
  }
  return new Set(owners.values());
}
