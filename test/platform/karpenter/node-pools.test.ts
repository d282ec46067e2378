import { describe, expect, it } from 'vitest';
import { CapacityType } from '../../../lib/model/platform-settings';
import {
  eksClusterName,
  KARPENTER_DISCOVERY_TAG,
  KARPENTER_SERVICE_ACCOUNT,
  karpenterInterruptionQueueName,
  karpenterNodeRoleName,
  SYSTEM_NODE_POOL_LABEL,
  SYSTEM_NODE_POOL_TAINT,
} from '../../../lib/naming';
import { problemsOf } from '../../support/project';
import { cronJob, productionCluster, render, resolveCluster, stagingCluster, webService, worker } from '../fixtures';

type Pool = {
  spec: {
    template: { spec: Record<string, unknown> };
    limits: Record<string, string>;
    disruption: Record<string, unknown>;
  };
};

function capacity(pool: Pool): unknown {
  const requirements = pool.spec.template.spec.requirements as { key: string; values: string[] }[];
  return requirements.find((entry) => entry.key === 'karpenter.sh/capacity-type')?.values;
}

describe('Karpenter', () => {
  it('runs its controller on the system pool only, with the interruption queue and the Pod Identity service account', () => {
    const cluster = stagingCluster();
    const chart = render(cluster, []).object('karpenter/application-helm-karpenter.yaml') as {
      spec: { destination: { namespace: string }; source: { helm: { valuesObject: Record<string, unknown> } } };
    };
    expect(chart.spec.destination.namespace).toBe(KARPENTER_SERVICE_ACCOUNT.namespace);
    expect(chart.spec.source.helm.valuesObject).toMatchObject({
      settings: { clusterName: eksClusterName(cluster), interruptionQueue: karpenterInterruptionQueueName(cluster) },
      serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT.serviceAccount },
      nodeSelector: { [SYSTEM_NODE_POOL_LABEL.key]: SYSTEM_NODE_POOL_LABEL.value },
      tolerations: [{ ...SYSTEM_NODE_POOL_TAINT, operator: 'Equal' }],
    });
  });

  it('launches AL2023 nodes with the node role, discovery selectors, IMDSv2 (hop limit 1) and an encrypted gp3 root', () => {
    const cluster = productionCluster();
    const nodeClass = render(cluster, []).object('karpenter/ec2nodeclass-default.yaml') as {
      spec: Record<string, unknown>;
    };
    const discovery = [{ tags: { [KARPENTER_DISCOVERY_TAG]: eksClusterName(cluster) } }];
    expect(nodeClass.spec).toMatchObject({
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      role: karpenterNodeRoleName(cluster),
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ ebs: { volumeType: 'gp3', encrypted: true } }],
    });
    const pinned = render(
      productionCluster({ platform: { ...cluster.platform, nodes: { amiVersion: 'v20260801' } } }),
      [],
    );
    expect(pinned.object('karpenter/ec2nodeclass-default.yaml')).toMatchObject({
      spec: { amiSelectorTerms: [{ alias: 'al2023@v20260801' }] },
    });
  });

  it('has an untainted general pool (on-demand in production, spot first in staging), a spot and a tainted dedicated pool', () => {
    const production = render(productionCluster(), []);
    const staging = render(stagingCluster(), []);
    const pool = (rendered: typeof production, name: string) =>
      rendered.object(`karpenter/nodepool-${name}.yaml`) as Pool;
    expect(capacity(pool(production, 'general'))).toEqual(['on-demand']);
    expect(capacity(pool(staging, 'general'))).toEqual(['on-demand', 'spot']);
    expect(capacity(pool(production, 'spot'))).toEqual(['spot']);
    expect(capacity(pool(staging, 'dedicated'))).toEqual(['on-demand']);
    expect(pool(production, 'general').spec.template.spec.taints).toBeUndefined();
    expect(pool(production, 'dedicated').spec.template.spec.taints).toEqual([
      { key: 'platform.acme.io/pool', value: 'dedicated', effect: 'NoSchedule' },
    ]);
    expect(pool(production, 'dedicated').spec.disruption).toMatchObject({ consolidationPolicy: 'WhenEmpty' });
  });

  it('takes per-cluster limits and consolidation settings over the defaults', () => {
    const cluster = stagingCluster();
    const rendered = render(
      {
        ...cluster,
        platform: {
          ...cluster.platform,
          nodes: {
            generalCapacity: CapacityType.ON_DEMAND,
            limits: { general: { cpu: 16 }, spot: { memoryGi: 64 } },
            consolidateAfterMinutes: 15,
          },
        },
      },
      [],
    );
    const general = rendered.object('karpenter/nodepool-general.yaml') as Pool;
    expect(capacity(general)).toEqual(['on-demand']);
    expect(general.spec.limits.cpu).toBe('16');
    expect(general.spec.disruption.consolidateAfter).toBe('15m');
    expect((rendered.object('karpenter/nodepool-spot.yaml') as Pool).spec.limits.memory).toBe('64Gi');
  });

  it('refuses bad node settings with the field and what is allowed', () => {
    const cluster = stagingCluster();
    expect(
      problemsOf(() =>
        resolveCluster(
          {
            ...cluster,
            platform: {
              ...cluster.platform,
              nodes: {
                generalCapacity: 'reserved',
                limits: { gpu: { cpu: 1 }, spot: { cpu: 0 } },
                amiVersion: '2026',
              } as never,
            },
          },
          [],
        ),
      ),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.nodes.generalCapacity: "reserved" is not a capacity type; use CapacityType.ON_DEMAND or CapacityType.SPOT ("on-demand", "spot")',
      'clusters/staging.ts: cluster "staging": platform.nodes.limits.gpu: unknown node pool; known pools: general, spot, dedicated',
      'clusters/staging.ts: cluster "staging": platform.nodes.limits.spot.cpu: 0 must be an integer of at least 1',
      'clusters/staging.ts: cluster "staging": platform.nodes.amiVersion: "2026" is not an AL2023 AMI version; use "latest" or a release such as "v20260801"',
    ]);
  });
});

describe('app node pools', () => {
  const placement = (spec: ReturnType<typeof webService>, path: string) => {
    const object = render(stagingCluster(), [spec]).object(path) as Record<string, unknown>;
    const template = (
      object.kind === 'CronJob'
        ? (object.spec as { jobTemplate: { spec: { template: unknown } } }).jobTemplate.spec.template
        : (object.spec as { template: unknown }).template
    ) as { spec: Record<string, unknown> };
    return { nodeSelector: template.spec.nodeSelector, tolerations: template.spec.tolerations };
  };

  it('puts cron jobs on the spot pool and everything else on the general pool unless the app asks', () => {
    expect(placement(cronJob(), 'report/cronjob-report.yaml')).toEqual({
      nodeSelector: { 'platform.acme.io/pool': 'spot' },
      tolerations: [{ key: 'platform.acme.io/pool', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }],
    });
    expect(placement(webService(), 'gateway/deployment-gateway.yaml')).toEqual({
      nodeSelector: undefined,
      tolerations: undefined,
    });
    expect(placement(worker({ nodePool: 'dedicated' }), 'worker/deployment-worker.yaml')).toEqual({
      nodeSelector: { 'platform.acme.io/pool': 'dedicated' },
      tolerations: [{ key: 'platform.acme.io/pool', operator: 'Equal', value: 'dedicated', effect: 'NoSchedule' }],
    });
  });

  it('refuses a node pool that does not exist', () => {
    expect(problemsOf(() => resolveCluster(stagingCluster(), [webService({ nodePool: 'gpu' as never })]))).toEqual([
      'apps/gateway/index.ts: app "gateway": nodePool: "gpu" is not a node pool; use one of "general", "spot", "dedicated"',
    ]);
  });
});
