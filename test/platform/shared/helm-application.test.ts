import { describe, expect, it } from 'vitest';
import { productionCluster, render, stagingCluster } from '../fixtures';

describe('platform Helm Applications', () => {
  it.each([
    ['staging', stagingCluster()],
    ['production', productionCluster()],
  ])('%s: carry no resources finalizer, so deleting one never deletes its CRDs and their resources', (_, cluster) => {
    const applications = render(cluster, [])
      .objects()
      .filter(({ object }) => object.kind === 'Application');
    expect(applications.map(({ path }) => path).sort()).toEqual([
      'cluster-addons/application-helm-cert-manager.yaml',
      'cluster-addons/application-helm-metrics-server.yaml',
      'external-secrets/application-helm-external-secrets.yaml',
      'ingress/application-helm-aws-load-balancer-controller.yaml',
      'ingress/application-helm-external-dns.yaml',
      'karpenter/application-helm-karpenter.yaml',
      'logging/application-helm-alloy.yaml',
      'logging/application-helm-loki.yaml',
      'monitoring/application-helm-kube-prometheus-stack.yaml',
    ]);
    for (const { path, object } of applications) {
      const metadata = object.metadata as Record<string, unknown>;
      expect(metadata.finalizers, path).toBeUndefined();
      expect(metadata.annotations, path).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    }
  });
});
