import { afterAll, describe, expect, it } from 'vitest';
import { findingsOf, removeFixtureRepos, validateFixture } from './fixture-tree';

afterAll(removeFixtureRepos);

describe('cross-references within a cluster', () => {
  it('ref-service-selector: fails a Service that selects no pods', async () => {
    const report = await validateFixture({
      'web/service-web.yaml': (d) => (d.spec.selector['app.kubernetes.io/name'] = 'webb'),
    });
    expect(findingsOf(report).filter((f) => f.rule === 'ref-service-selector')).toEqual([
      expect.objectContaining({
        file: 'generated/fixture/web/service-web.yaml',
        path: '$.spec.selector',
        message: 'Service "web" selects no pods in namespace "web"',
      }),
    ]);
  });

  it('ref-service-selector: fails a target port the pods do not open, naming the ones they do', async () => {
    const report = await validateFixture({ 'web/service-web.yaml': (d) => (d.spec.ports[0].targetPort = 8080) });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'ref-service-selector',
        path: '$.spec.ports[0].targetPort',
        message: 'target port 8080 is not a container port of the selected pods',
        expected: 'one of: http (3000)',
      }),
    ]);
  });

  it('ref-ingress-backend: fails a backend Service or port that does not exist', async () => {
    const report = await validateFixture({
      'web/ingress-web.yaml': (d) => {
        const rule = d.spec.rules[0].http.paths[0];
        d.spec.rules[0].http.paths.push({
          path: '/api',
          pathType: 'Prefix',
          backend: { service: { name: 'api', port: { number: 80 } } },
        });
        rule.backend.service.port = { name: 'metrics' };
      },
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path, f.message])).toEqual([
      [
        'ref-ingress-backend',
        '$.spec.rules[0].http.paths[0].backend.service.port.name',
        'Service "web" has no port "metrics"',
      ],
      [
        'ref-ingress-backend',
        '$.spec.rules[0].http.paths[1].backend.service.name',
        'backend Service "api" does not exist in namespace "web"',
      ],
    ]);
  });

  it('ref-scale-target: fails an HPA aimed at a missing Deployment and a PDB selecting no pods', async () => {
    const report = await validateFixture({
      'web/horizontalpodautoscaler-web.yaml': (d) => (d.spec.scaleTargetRef.name = 'website'),
      'web/poddisruptionbudget-web.yaml': (d) => (d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'website'),
    });
    expect(
      findingsOf(report)
        .filter((f) => f.rule === 'ref-scale-target')
        .map((f) => [f.file, f.path]),
    ).toEqual([
      ['generated/fixture/web/horizontalpodautoscaler-web.yaml', '$.spec.scaleTargetRef.name'],
      ['generated/fixture/web/poddisruptionbudget-web.yaml', '$.spec.selector'],
    ]);
  });

  it('ref-secret-store: fails an ExternalSecret whose store does not exist', async () => {
    const report = await validateFixture({
      'web/externalsecret-web-secrets.yaml': (d) =>
        (d.spec.secretStoreRef = { kind: 'SecretStore', name: 'aws-secrets-manager' }),
    });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'ref-secret-store',
        path: '$.spec.secretStoreRef.name',
        message: 'SecretStore "aws-secrets-manager" does not exist in namespace "web"',
        expected: 'one of: ClusterSecretStore aws-secrets-manager',
      }),
    ]);
  });

  it('ref-service-monitor: fails a ServiceMonitor that selects no Service, passes with namespaceSelector any', async () => {
    const failing = await validateFixture({
      'web/servicemonitor-web.yaml': (d) => (d.spec.namespaceSelector = { matchNames: ['monitoring'] }),
    });
    expect(findingsOf(failing)).toEqual([
      expect.objectContaining({
        rule: 'ref-service-monitor',
        file: 'generated/fixture/web/servicemonitor-web.yaml',
        path: '$.spec.selector',
      }),
    ]);
    const passing = await validateFixture({
      'web/servicemonitor-web.yaml': (d) => (d.spec.namespaceSelector = { any: true }),
    });
    expect(findingsOf(passing)).toEqual([]);
  });

  it('ref-namespace: fails a resource in a namespace nothing creates', async () => {
    const report = await validateFixture({ 'web/configmap-web-config.yaml': (d) => (d.metadata.namespace = 'webb') });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({
        rule: 'ref-namespace',
        file: 'generated/fixture/web/configmap-web-config.yaml',
        path: '$.metadata.namespace',
        message: 'namespace "webb" is not created in this cluster',
      }),
    );
  });

  it('ref-namespace: a namespace that an Argo CD Application creates (CreateNamespace=true) exists', async () => {
    const report = await validateFixture({
      'web/configmap-web-config.yaml': (d) => (d.metadata.namespace = 'web-canary'),
      'platform/application-web.yaml': (d) => {
        d.spec.destination.namespace = 'web-canary';
        d.spec.syncPolicy.syncOptions = ['CreateNamespace=true'];
      },
    });
    expect(findingsOf(report).filter((f) => f.rule === 'ref-namespace')).toEqual([]);
  });

  it('ref-argocd-path: fails an Application path that is not a folder of the repository', async () => {
    const report = await validateFixture({
      'platform/application-web.yaml': (d) => (d.spec.source.path = 'generated/fixture/website'),
    });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'ref-argocd-path',
        file: 'generated/fixture/platform/application-web.yaml',
        path: '$.spec.source.path',
        message: 'path "generated/fixture/website" is not a folder of this repository',
      }),
    ]);
  });

  it('ref-argocd-path: checks every git source of a multi-source Application and ignores charts', async () => {
    const report = await validateFixture({
      'platform/application-web.yaml': (d) => {
        delete d.spec.source;
        d.spec.sources = [
          { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0' },
          { repoURL: 'https://github.com/example/platform-gitops.git', targetRevision: 'main', path: '../outside' },
        ];
      },
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([['ref-argocd-path', '$.spec.sources[1].path']]);
  });
});
