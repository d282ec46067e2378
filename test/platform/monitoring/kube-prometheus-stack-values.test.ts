import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function values(definition = stagingCluster()): Record<string, unknown> {
  const application = render(definition, []).object('monitoring/application-helm-kube-prometheus-stack.yaml');
  return field(application, 'spec.source.helm.valuesObject') as Record<string, unknown>;
}

describe('kube-prometheus-stack', () => {
  it('is installed by an Argo CD Application with a pinned chart, server-side apply for its CRDs', () => {
    const application = render(stagingCluster(), []).object('monitoring/application-helm-kube-prometheus-stack.yaml');
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'helm-kube-prometheus-stack',
        namespace: 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
      },
      spec: {
        project: 'platform',
        source: {
          repoURL: 'https://prometheus-community.github.io/helm-charts',
          chart: 'kube-prometheus-stack',
          targetRevision: '92.15.0',
          helm: { releaseName: 'kube-prometheus-stack' },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'monitoring' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'SkipDryRunOnMissingResource=true', 'ServerSideApply=true'],
        },
      },
    });
  });

  it('runs small in staging and highly available in production', () => {
    const staging = values(stagingCluster());
    const production = values(productionCluster());
    expect(field(staging, 'prometheus.prometheusSpec')).toMatchObject({
      replicas: 1,
      retention: '7d',
      externalLabels: { cluster: 'staging' },
      storageSpec: {
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
        },
      },
    });
    expect(
      field(staging, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName'),
    ).toBeUndefined();
    expect(field(production, 'prometheus.prometheusSpec')).toMatchObject({
      replicas: 2,
      retention: '30d',
      externalLabels: { cluster: 'production' },
      storageSpec: {
        volumeClaimTemplate: { spec: { storageClassName: 'gp3', resources: { requests: { storage: '200Gi' } } } },
      },
    });
    expect(field(staging, 'alertmanager.alertmanagerSpec.replicas')).toBe(1);
    expect(field(production, 'alertmanager.alertmanagerSpec.replicas')).toBe(3);
  });

  it('selects the monitors and rules of every namespace, not only the chart own', () => {
    expect(field(values(), 'prometheus.prometheusSpec')).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
    });
  });

  it('does not scrape the EKS-managed control plane', () => {
    expect(values()).toMatchObject({
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
    });
  });

  it('runs Grafana with its admin from a Secret, the sidecars on all namespaces and the single-binary Loki as a data source', () => {
    expect(field(values(), 'grafana')).toEqual({
      replicas: 1,
      admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
      sidecar: {
        dashboards: {
          enabled: true,
          label: 'grafana_dashboard',
          labelValue: '1',
          searchNamespace: 'ALL',
          folderAnnotation: 'grafana_folder',
          provider: { foldersFromFilesStructure: true },
        },
        datasources: { enabled: true, defaultDatasourceEnabled: true },
      },
      additionalDataSources: [
        { name: 'Loki', type: 'loki', uid: 'loki', url: 'http://loki.loki.svc.cluster.local:3100', access: 'proxy' },
      ],
    });
  });

  it('queries a distributed Loki through its query frontend', () => {
    expect(field(values(productionCluster()), 'grafana.additionalDataSources')).toEqual([
      {
        name: 'Loki',
        type: 'loki',
        uid: 'loki',
        url: 'http://loki-query-frontend.loki.svc.cluster.local:3100',
        access: 'proxy',
      },
    ]);
  });

  it('has no Loki data source in a cluster without logging', () => {
    const cluster = stagingCluster();
    expect(
      field(
        values({ ...cluster, platform: { ...cluster.platform, logging: undefined } }),
        'grafana.additionalDataSources',
      ),
    ).toEqual([]);
  });

  it('uses a chart version a cluster overrides, for trying a new chart in staging first', () => {
    const cluster = stagingCluster();
    const application = render(
      { ...cluster, platform: { ...cluster.platform, chartVersions: { 'kube-prometheus-stack': '93.0.0' } } },
      [],
    ).object('monitoring/application-helm-kube-prometheus-stack.yaml');
    expect(field(application, 'spec.source.targetRevision')).toBe('93.0.0');
  });
});
