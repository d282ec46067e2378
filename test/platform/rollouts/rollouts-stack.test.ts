import { describe, expect, it } from 'vitest';
import { field, render, stagingCluster } from '../fixtures';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { ARGO_ROLLOUTS_CHART } from '../../../platform/rollouts/charts';
import { problemsOf } from '../../support/project';
import { resolveCluster } from '../fixtures';
import { PlatformComponent } from '../../../lib/model/platform-settings';
import { PLATFORM_SYNC_WAVES } from '../../../lib/synth/platform-units';

function withRollouts(replicas: number, monitoring = true): ClusterDefinition {
  const base = stagingCluster();
  const platform = { ...base.platform, rollouts: { controllerReplicas: replicas } };
  if (!monitoring) delete platform.monitoring;
  return { ...base, platform };
}

describe('Argo Rollouts', () => {
  it('is not installed unless the cluster asks for it', () => {
    expect(render(stagingCluster(), []).paths.filter((path) => path.startsWith('rollouts/'))).toEqual([]);
  });

  it('installs the pinned chart with its CRDs, server-side, scraped, with RBAC for the ALB router only', () => {
    const application = render(withRollouts(1), []).object('rollouts/application-helm-argo-rollouts.yaml');
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: ARGO_ROLLOUTS_CHART.repoURL,
      chart: 'argo-rollouts',
      targetRevision: ARGO_ROLLOUTS_CHART.version,
    });
    expect(field(application, 'spec.destination.namespace')).toBe('argo-rollouts');
    expect(field(application, 'spec.syncPolicy.syncOptions')).toContain('ServerSideApply=true');
    const values = field(application, 'spec.source.helm.valuesObject') as Record<string, unknown>;
    expect(values).toMatchObject({
      installCRDs: true,
      keepCRDs: true,
      controller: {
        replicas: 1,
        pdb: { enabled: false },
        metrics: { enabled: true, serviceMonitor: { enabled: true } },
      },
      dashboard: { enabled: false },
    });
    const providers = field(values, 'providerRBAC.providers') as Record<string, boolean>;
    expect(Object.entries(providers).filter(([, on]) => on)).toEqual([['awsLoadBalancerController', true]]);
  });

  it('keeps one controller up through disruptions when it runs more than one, and scrapes nothing without monitoring', () => {
    const values = field(
      render(withRollouts(2, false), []).object('rollouts/application-helm-argo-rollouts.yaml'),
      'spec.source.helm.valuesObject',
    );
    expect(field(values, 'controller.pdb')).toEqual({ enabled: true, minAvailable: 1 });
    expect(field(values, 'controller.metrics')).toEqual({ enabled: false, serviceMonitor: { enabled: false } });
  });

  it('comes after monitoring (its ServiceMonitor) and before the apps (their Rollouts) in the root sync waves', () => {
    const wave = PLATFORM_SYNC_WAVES[PlatformComponent.ROLLOUTS];
    expect(wave).toBeGreaterThan(PLATFORM_SYNC_WAVES[PlatformComponent.MONITORING]);
    expect(wave).toBeLessThan(0);
  });

  it('reports a bad controller size in the cluster file', () => {
    expect(problemsOf(() => resolveCluster(withRollouts(0), []))).toEqual([
      'clusters/staging.ts: cluster "staging": platform.rollouts.controllerReplicas: 0 must be an integer of at least 1',
    ]);
  });
});
