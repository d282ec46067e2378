import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { Environment } from '../../lib/model/environment';
import { CapacityType, NodePool, PlatformComponent } from '../../lib/model/platform-settings';
import {
  eksClusterName,
  KARPENTER_DISCOVERY_TAG,
  karpenterDiscoveryTagValue,
  karpenterNodeRoleName,
  nodeVolumeKeyAliasArn,
} from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { platformLabels } from '../shared/labels';

/** Name of the one EC2NodeClass every NodePool launches from. */
export const NODE_CLASS_NAME = 'default';

/** Label every Karpenter node carries with its pool's name; pods select a pool by it. */
export const NODE_POOL_LABEL = 'platform.acme.io/pool';

/** The taint of a tainted pool (spot, dedicated): only pods that tolerate it, and so asked for the pool, land there. */
export function nodePoolTaint(pool: NodePool): { key: string; value: string; effect: 'NoSchedule' } | undefined {
  return pool === NodePool.GENERAL ? undefined : { key: NODE_POOL_LABEL, value: pool, effect: 'NoSchedule' };
}

/** The capacity types a pool may launch. */
export function poolCapacityTypes(cluster: AwsClusterDefinition, pool: NodePool): readonly CapacityType[] {
  switch (pool) {
    case NodePool.SPOT:
      return [CapacityType.SPOT];
    case NodePool.DEDICATED:
      return [CapacityType.ON_DEMAND];
    case NodePool.GENERAL: {
      const fallback = cluster.environment === Environment.PRODUCTION ? CapacityType.ON_DEMAND : CapacityType.SPOT;
      // Spot first: Karpenter prefers spot when both are allowed and falls back to on-demand when none is offered.
      return (cluster.platform?.nodes?.generalCapacity ?? fallback) === CapacityType.SPOT
        ? [CapacityType.ON_DEMAND, CapacityType.SPOT]
        : [CapacityType.ON_DEMAND];
    }
  }
}

export interface KarpenterNodesProps {
  readonly cluster: AwsClusterDefinition;
}

/**
 * The EC2NodeClass (AL2023, IMDSv2 only with hop limit 1 so pods cannot reach the node role's credentials,
 * encrypted gp3 root volume, subnets and security group found by KARPENTER_DISCOVERY_TAG) and one NodePool per
 * NodePool value, with the cluster's limits and consolidation settings.
 */
export class KarpenterNodes extends Construct {
  constructor(scope: Construct, id: string, props: KarpenterNodesProps) {
    super(scope, id);
    const { cluster } = props;
    const labels = platformLabels(PlatformComponent.KARPENTER);
    const discovery = { tags: { [KARPENTER_DISCOVERY_TAG]: karpenterDiscoveryTagValue(cluster) } };
    new ApiObject(this, 'node-class', {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: NODE_CLASS_NAME, labels, annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS } },
      spec: {
        amiSelectorTerms: [{ alias: `al2023@${cluster.platform?.nodes?.amiVersion ?? DEFAULTS.nodeAmiVersion}` }],
        role: karpenterNodeRoleName(cluster),
        subnetSelectorTerms: [discovery],
        securityGroupSelectorTerms: [discovery],
        metadataOptions: {
          httpEndpoint: 'enabled',
          httpProtocolIPv6: 'disabled',
          httpPutResponseHopLimit: 1,
          httpTokens: 'required',
        },
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: {
              volumeSize: `${DEFAULTS.nodeRootVolumeGi}Gi`,
              volumeType: 'gp3',
              encrypted: true,
              // The node-volume key infra creates; its key policy admits Karpenter's controller.
              kmsKeyID: nodeVolumeKeyAliasArn(cluster),
              deleteOnTermination: true,
            },
          },
        ],
        tags: { cluster: eksClusterName(cluster), environment: cluster.environment },
      },
    });
    const nodes = cluster.platform?.nodes ?? {};
    for (const pool of Object.values(NodePool)) {
      const limits = { ...DEFAULTS.nodePoolLimits[pool], ...nodes.limits?.[pool] };
      const taint = nodePoolTaint(pool);
      new ApiObject(this, `pool-${pool}`, {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: pool, labels, annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS } },
        spec: {
          template: {
            metadata: { labels: { [NODE_POOL_LABEL]: pool } },
            spec: {
              nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: NODE_CLASS_NAME },
              requirements: [
                { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...poolCapacityTypes(cluster, pool)] },
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
                { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
                { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
              ],
              ...(taint === undefined ? {} : { taints: [taint] }),
              expireAfter: `${nodes.expireAfterHours ?? DEFAULTS.nodeExpireAfterHours}h`,
            },
          },
          limits: { cpu: String(limits.cpu), memory: `${limits.memoryGi}Gi` },
          disruption: {
            // Dedicated nodes host what asked to be left alone: only empty ones are removed.
            consolidationPolicy: pool === NodePool.DEDICATED ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized',
            consolidateAfter: `${nodes.consolidateAfterMinutes ?? DEFAULTS.consolidateAfterMinutes}m`,
            budgets: [{ nodes: `${DEFAULTS.nodeDisruptionBudgetPercent}%` }],
          },
        },
      });
    }
  }
}
