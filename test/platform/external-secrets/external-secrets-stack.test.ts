import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

describe('External Secrets Operator', () => {
  it('installs the pinned chart with its CRDs, server-side applied, as the Pod Identity service account', () => {
    const application = render(stagingCluster(), []).object('external-secrets/application-helm-external-secrets.yaml');
    expect(application).toMatchObject({
      metadata: { name: 'helm-external-secrets', namespace: 'argocd' },
      spec: {
        project: 'platform',
        source: {
          repoURL: 'https://charts.external-secrets.io',
          chart: 'external-secrets',
          targetRevision: '2.9.0',
          helm: {
            releaseName: 'external-secrets',
            valuesObject: {
              installCRDs: true,
              replicaCount: 1,
              leaderElect: false,
              serviceAccount: { create: true, name: 'external-secrets' },
              serviceMonitor: { enabled: true },
            },
          },
        },
        destination: { namespace: 'external-secrets' },
        syncPolicy: {
          syncOptions: ['CreateNamespace=true', 'SkipDryRunOnMissingResource=true', 'ServerSideApply=true'],
        },
      },
    });
    const values = field(application, 'spec.source.helm.valuesObject.serviceAccount') as Record<string, unknown>;
    expect(values.annotations).toBeUndefined();
  });

  it('runs two replicas with leader election and disruption budgets in production', () => {
    const values = field(
      render(productionCluster(), []).object('external-secrets/application-helm-external-secrets.yaml'),
      'spec.source.helm.valuesObject',
    );
    expect(values).toMatchObject({
      replicaCount: 2,
      leaderElect: true,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    });
  });

  it('offers one ClusterSecretStore for AWS Secrets Manager in the cluster region, without credentials', () => {
    const store = render(productionCluster({ awsRegion: 'eu-central-1' }), []).object(
      'external-secrets/clustersecretstore-aws-secrets-manager.yaml',
    );
    expect(store).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: {
        name: 'aws-secrets-manager',
        labels: {
          'app.kubernetes.io/name': 'external-secrets',
          'app.kubernetes.io/component': 'external-secrets',
          'app.kubernetes.io/managed-by': 'cdk8s',
          'app.kubernetes.io/part-of': 'platform',
          team: 'platform',
        },
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-central-1' } } },
    });
  });
});
