import { celEnv, parse, plan } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { ARGOCD_OIDC_SECRET_PROPERTY, platformSecretName, platformSecretReaderRoleName } from '../../../lib/naming';
import { KUBERNETES_CEL_FUNCTIONS } from '../../../lib/validate/structural/cel/kubernetes-libraries';
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
              // Nothing writes to Secrets Manager from the cluster.
              processPushSecret: false,
              processClusterPushSecret: false,
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

  it('offers one ClusterSecretStore for the platform namespaces only, reading through the platform reader role', () => {
    const cluster = productionCluster({ awsRegion: 'eu-central-1' });
    const store = render(cluster, []).object('external-secrets/clustersecretstore-aws-secrets-manager.yaml');
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
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: 'eu-central-1',
            role: `arn:aws:iam::${cluster.awsAccountId}:role/${platformSecretReaderRoleName(cluster)}`,
            sessionTagsPolicy: 'Simple',
          },
        },
        // The fixture runs monitoring and no SSO: only monitoring reads platform secrets.
        conditions: [{ namespaces: ['monitoring'] }],
      },
    });
  });

  it('renders no ClusterSecretStore where no platform component reads a platform secret', () => {
    const rendered = render(productionCluster({ platform: { externalSecrets: { replicas: 1 } } }), []);
    expect(rendered.has('external-secrets/clustersecretstore-aws-secrets-manager.yaml')).toBe(false);
    expect(rendered.has('external-secrets/validatingadmissionpolicy-secret-store-session-tags.yaml')).toBe(true);
  });

  it("admits argocd to the platform store and writes Argo CD's OIDC client secret, labelled for Argo CD, with SSO", () => {
    const cluster = productionCluster({
      argocd: { sso: { issuer: 'https://login.example.com', clientId: 'argocd' } },
    });
    const rendered = render(cluster, []);
    expect(
      field(rendered.object('external-secrets/clustersecretstore-aws-secrets-manager.yaml'), 'spec.conditions'),
    ).toEqual([{ namespaces: ['argocd', 'monitoring'] }]);
    expect(rendered.object('external-secrets/externalsecret-argocd-oidc.yaml')).toMatchObject({
      metadata: { name: 'argocd-oidc', namespace: 'argocd' },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        target: {
          name: 'argocd-oidc',
          template: { metadata: { labels: { 'app.kubernetes.io/part-of': 'argocd' } } },
        },
        data: [
          {
            secretKey: 'client-secret',
            remoteRef: { key: platformSecretName(cluster, 'argocd'), property: ARGOCD_OIDC_SECRET_PROPERTY },
          },
        ],
      },
    });
    expect(render(productionCluster(), []).has('external-secrets/externalsecret-argocd-oidc.yaml')).toBe(false);
  });

  it('refuses stores that set the session tags External Secrets reserves, in any letter case (CEL evaluated)', () => {
    const rendered = render(stagingCluster(), []);
    const policy = rendered.object('external-secrets/validatingadmissionpolicy-secret-store-session-tags.yaml');
    const env = celEnv({ funcs: [...KUBERNETES_CEL_FUNCTIONS] });
    const rules = (field(policy, 'spec.validations') as { expression: string }[]).map(
      (rule) => plan(env, parse(rule.expression)) as unknown as (bindings: { object: unknown }) => unknown,
    );
    const admitted = (aws: Record<string, unknown>) =>
      rules.every((rule) => rule({ object: { spec: { provider: { aws } } } }) === true);
    const ours = field(
      rendered.object('external-secrets/clustersecretstore-aws-secrets-manager.yaml'),
      'spec.provider.aws',
    ) as Record<string, unknown>;
    expect(admitted(ours)).toBe(true);
    expect(admitted({ ...ours, sessionTags: [{ key: 'team', value: 'edge' }] })).toBe(true);
    expect(admitted({ ...ours, sessionTagsPolicy: 'None', sessionTags: [{ key: 'ESONamespace', value: 'web' }] })).toBe(
      false,
    );
    expect(admitted({ ...ours, sessionTagsPolicy: 'Custom', customSessionTags: { EsoStoreKind: 'SecretStore' } })).toBe(
      false,
    );
    expect(field(policy, 'spec.matchConstraints.resourceRules')).toEqual([
      expect.objectContaining({ resources: ['secretstores', 'clustersecretstores'], operations: ['CREATE', 'UPDATE'] }),
    ]);
    expect(field(policy, 'spec.failurePolicy')).toBe('Fail');
    expect(
      rendered.object('external-secrets/validatingadmissionpolicybinding-secret-store-session-tags.yaml'),
    ).toMatchObject({ spec: { policyName: 'secret-store-session-tags', validationActions: ['Deny'] } });
  });
});
