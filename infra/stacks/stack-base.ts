import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { S3Backend, type TerraformStack } from 'cdktn';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { CLUSTER_TAG, PLATFORM_TEAM, terraformStateBucketName } from '../../lib/naming';
import { type InfraSettings } from '../settings';

/** Native S3 state locking needs Terraform 1.10 or later. */
export const MINIMUM_TERRAFORM_VERSION = '1.10.0';

/**
 * The apply phases of a cluster, in order, each its own stack and state. `dns` holds only the public hosted
 * zone: its name servers must be delegated from the parent zone before anything validates a certificate in
 * it. `main` holds everything else, the certificate validation included, and reads the zone.
 */
export const PHASES = ['dns', 'main'] as const;
export type Phase = (typeof PHASES)[number];

/** The stack (and cdktf.out/stacks folder) of a cluster's phase: `main` keeps the cluster's name. */
export function stackName(cluster: Pick<AwsClusterDefinition, 'name'>, phase: Phase): string {
  return phase === 'main' ? cluster.name : `${cluster.name}-${phase}`;
}

/** Where the state of a cluster's stack lives inside its state bucket (`main` keeps its original key). */
export function stateKey(cluster: Pick<AwsClusterDefinition, 'name'>, phase: Phase = 'main'): string {
  return `infra/${stackName(cluster, phase)}.tfstate`;
}

/**
 * Tags every resource carries (the provider's default tags). `environment`, `cluster` and `team` are cost allocation
 * tags (COST_ALLOCATION_TAGS): what an app owns overrides `team` and adds `app` (see appCostTags).
 */
export function defaultTags(cluster: AwsClusterDefinition, settings: InfraSettings): Record<string, string> {
  return {
    environment: cluster.environment,
    [CLUSTER_TAG]: cluster.name,
    team: PLATFORM_TEAM,
    owner: settings.owner,
    'cost-center': settings.costCenter,
    'managed-by': 'cdktn',
  };
}

/** Provider (the cluster's account and region only, default tags) and S3 backend of one phase's stack. */
export function configureStack(
  stack: TerraformStack,
  cluster: AwsClusterDefinition,
  settings: InfraSettings,
  phase: Phase,
): void {
  new AwsProvider(stack, 'aws', {
    region: cluster.awsRegion,
    allowedAccountIds: [cluster.awsAccountId],
    defaultTags: [{ tags: defaultTags(cluster, settings) }],
  });
  new S3Backend(stack, {
    bucket: terraformStateBucketName(cluster),
    key: stateKey(cluster, phase),
    region: cluster.awsRegion,
    encrypt: true,
    // Native S3 locking (Terraform >= 1.10): a lock object next to the state, no DynamoDB table.
    useLockfile: true,
  });
  stack.addOverride('terraform.required_version', `>= ${MINIMUM_TERRAFORM_VERSION}`);
}
