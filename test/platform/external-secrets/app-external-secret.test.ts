import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors';
import { appSecretReaderRoleName } from '../../../lib/naming';
import { field, productionCluster, render, resolveCluster, stagingCluster, webService, worker } from '../fixtures';

describe('app ExternalSecret', () => {
  it('writes the Secret <app>-secrets from Secrets Manager, one key per environment variable', () => {
    const spec = webService({
      secrets: {
        JWT_SIGNING_KEY: { property: 'jwt-signing-key' },
        PARTNER_TOKEN: { key: 'shared/partners', property: 'token' },
      },
    });
    const secret = render(stagingCluster(), [spec]).object('gateway/externalsecret-gateway-secrets.yaml');
    expect(secret).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'gateway-secrets',
        namespace: 'gateway',
        labels: expect.objectContaining({ 'app.kubernetes.io/name': 'gateway', team: 'edge' }),
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: {
        refreshInterval: '60m',
        secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
        target: { name: 'gateway-secrets', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [
          { secretKey: 'JWT_SIGNING_KEY', remoteRef: { key: 'staging/apps/gateway', property: 'jwt-signing-key' } },
          { secretKey: 'PARTNER_TOKEN', remoteRef: { key: 'shared/partners', property: 'token' } },
        ],
      },
    });
  });

  it("reads through a SecretStore in the app's namespace that assumes the app's own reader role, tagged by the controller", () => {
    const cluster = stagingCluster();
    const rendered = render(cluster, [webService({ secrets: { JWT_SIGNING_KEY: { property: 'jwt-signing-key' } } })]);
    const store = rendered.object('gateway/secretstore-aws-secrets-manager.yaml');
    expect(store).toMatchObject({
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'aws-secrets-manager', namespace: 'gateway' },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: cluster.awsRegion,
            role: `arn:aws:iam::${cluster.awsAccountId}:role/${appSecretReaderRoleName(cluster, 'gateway')}`,
            sessionTagsPolicy: 'Simple',
          },
        },
      },
    });
    expect(field(store, 'spec.provider.aws.auth')).toBeUndefined();
    expect(field(store, 'spec.provider.aws.sessionTags')).toBeUndefined();
  });

  it('renders no store for an app without secrets', () => {
    const rendered = render(stagingCluster(), [webService({ secrets: {} })]);
    expect(rendered.has('gateway/secretstore-aws-secrets-manager.yaml')).toBe(false);
  });

  it('is what the pod reads its secret environment variables from', () => {
    const rendered = render(stagingCluster(), [
      worker({ secrets: { QUEUE_PASSWORD: { property: 'queue-password' } } }),
    ]);
    const secret = rendered.object('worker/externalsecret-worker-secrets.yaml');
    const env = field(rendered.object('worker/deployment-worker.yaml'), 'spec.template.spec.containers') as {
      env?: { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[];
    }[];
    expect(env[0]!.env).toEqual([
      { name: 'QUEUE_PASSWORD', valueFrom: { secretKeyRef: { name: 'worker-secrets', key: 'QUEUE_PASSWORD' } } },
    ]);
    expect(field(secret, 'spec.target.name')).toBe('worker-secrets');
    expect((field(secret, 'spec.data') as { secretKey: string }[]).map((entry) => entry.secretKey)).toEqual([
      'QUEUE_PASSWORD',
    ]);
  });

  it('refreshes as often as the cluster says', () => {
    const secret = render(productionCluster(), [webService()]).object('gateway/externalsecret-gateway-secrets.yaml');
    expect(field(secret, 'spec.refreshInterval')).toBe('15m');
    expect(field(secret, 'spec.data')).toEqual([
      { secretKey: 'JWT_SIGNING_KEY', remoteRef: { key: 'production/apps/gateway', property: 'jwt-signing-key' } },
    ]);
  });

  it('renders no ExternalSecret for an app without secrets', () => {
    const rendered = render(stagingCluster(), [webService({ secrets: undefined })]);
    expect(rendered.paths.filter((path) => path.startsWith('gateway/externalsecret'))).toEqual([]);
  });

  it('fails when the app reads secrets in a cluster without External Secrets', () => {
    const cluster = stagingCluster();
    const definition = { ...cluster, platform: { ingress: { controllerReplicas: 1 } } };
    expect(() => resolveCluster(definition, [webService()])).toThrow(ConfigError);
    expect(() => resolveCluster(definition, [webService()])).toThrow(
      'clusters/staging.ts: cluster "staging", app "gateway": secrets: the app reads secrets, but cluster "staging" does not run External Secrets; add platform.externalSecrets to clusters/staging.ts',
    );
  });
});
