import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../../lib/model/app-spec';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { cronJob, field, productionCluster, render, stagingCluster, webService, worker } from '../fixtures';

/**
 * Where each workload kind's pods can land, end to end: the pool its pod template selects (no selector: the
 * untainted `general` pool) and the capacity types that pool's NodePool allows in the cluster.
 */
function capacityTypes(cluster: ClusterDefinition, spec: AppSpec, file: string): string[] {
  const rendered = render(cluster, [spec]);
  const object = rendered.object(`${spec.name}/${file}`);
  const pod = field(object, object.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec');
  const pool =
    (field(pod, 'nodeSelector') as Record<string, string> | undefined)?.['platform.acme.io/pool'] ?? 'general';
  const requirements = field(rendered.object(`karpenter/nodepool-${pool}.yaml`), 'spec.template.spec.requirements') as {
    key: string;
    values: string[];
  }[];
  return [...requirements.find((entry) => entry.key === 'karpenter.sh/capacity-type')!.values].sort();
}

describe('spot placement', () => {
  it('runs staging apps of every kind on spot (web and workers with an on-demand fallback)', () => {
    expect(capacityTypes(stagingCluster(), webService(), 'deployment-gateway.yaml')).toEqual(['on-demand', 'spot']);
    expect(capacityTypes(stagingCluster(), worker(), 'deployment-worker.yaml')).toEqual(['on-demand', 'spot']);
    expect(capacityTypes(stagingCluster(), cronJob(), 'cronjob-report.yaml')).toEqual(['spot']);
  });

  it('keeps production web services and workers on on-demand, and batch work on spot', () => {
    expect(capacityTypes(productionCluster(), webService(), 'deployment-gateway.yaml')).toEqual(['on-demand']);
    expect(capacityTypes(productionCluster(), worker(), 'deployment-worker.yaml')).toEqual(['on-demand']);
    expect(capacityTypes(productionCluster(), cronJob(), 'cronjob-report.yaml')).toEqual(['spot']);
  });

  it('lets an app that tolerates interruption ask for spot in production', () => {
    expect(capacityTypes(productionCluster(), worker({ nodePool: 'spot' }), 'deployment-worker.yaml')).toEqual([
      'spot',
    ]);
  });
});
