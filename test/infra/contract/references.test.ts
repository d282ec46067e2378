import { describe, expect, it } from 'vitest';
import { certificateCovers } from '../../../infra/contract/infra-names';
import { extractAwsReferences, nonAwsStores } from '../../../infra/contract/references';

const refs = (yaml: string) =>
  extractAwsReferences(yaml, 'generated/staging/x/kind-x.yaml').map(({ kind, name, path }) => ({ kind, name, path }));

describe('extractAwsReferences', () => {
  it('skips the keys of an ExternalSecret whose store copies Kubernetes Secrets, not AWS ones', () => {
    const stores = `kind: SecretStore
metadata: { name: kafka, namespace: shop }
spec: { provider: { kubernetes: { remoteNamespace: kafka } } }
---
kind: SecretStore
metadata: { name: aws-secrets-manager, namespace: shop }
spec: { provider: { aws: { service: SecretsManager } } }
`;
    expect(nonAwsStores(stores)).toEqual(['SecretStore shop/kafka']);
    const external = (store: string) =>
      `kind: ExternalSecret\nmetadata: { name: x, namespace: shop }\nspec:\n  secretStoreRef: { kind: SecretStore, name: ${store} }\n  data: [{ secretKey: K, remoteRef: { key: shop-user } }]\n`;
    const skip = new Set(nonAwsStores(stores));
    expect(extractAwsReferences(external('kafka'), 'f.yaml', skip)).toEqual([]);
    expect(extractAwsReferences(external('aws-secrets-manager'), 'f.yaml', skip).map((r) => r.name)).toEqual([
      'shop-user',
    ]);
  });

  it('finds ECR repositories in container images, with account and region', () => {
    const [found] = extractAwsReferences(
      'kind: Deployment\nspec:\n  image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.0@sha256:abc\n',
      'f.yaml',
    );
    expect(found).toMatchObject({
      kind: 'ecr-repository',
      name: 'team/web',
      accountId: '111111111111',
      region: 'eu-west-1',
    });
  });

  it('ignores images from other registries', () => {
    expect(refs('spec:\n  image: ghcr.io/example/web:1.0\n')).toEqual([]);
  });

  it('finds IAM roles by ARN, also with a path', () => {
    expect(refs('a: arn:aws:iam::111111111111:role/platform/staging-loki\n')).toEqual([
      { kind: 'iam-role', name: 'staging-loki', path: 'a' },
    ]);
  });

  it('finds ExternalSecret remote keys, from data and dataFrom', () => {
    const yaml = [
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'spec:',
      '  data:',
      '    - remoteRef: { key: staging/apps/web, property: a }',
      '  dataFrom:',
      '    - extract: { key: staging/shared/partner }',
    ].join('\n');
    expect(refs(yaml)).toEqual([
      { kind: 'secret', name: 'staging/apps/web', path: 'spec.data[0].remoteRef.key' },
      { kind: 'secret', name: 'staging/shared/partner', path: 'spec.dataFrom[0].extract.key' },
    ]);
  });

  it('finds buckets under bucket keys, in s3:// URLs and in Helm values embedded as a string', () => {
    const yaml = [
      'kind: Application',
      'spec:',
      '  source:',
      '    helm:',
      '      values: |',
      '        loki:',
      '          storage:',
      '            bucketNames:',
      '              chunks: staging-1-loki',
      '        other: s3://archive-bucket/prefix',
    ].join('\n');
    expect(refs(yaml)).toEqual([
      { kind: 's3-bucket', name: 'archive-bucket', path: 'spec.source.helm.values' },
      {
        kind: 's3-bucket',
        name: 'staging-1-loki',
        path: 'spec.source.helm.values (embedded YAML) loki.storage.bucketNames.chunks',
      },
    ]);
  });

  it('finds WAF web ACLs by ARN and by name, and the hosts that need a certificate', () => {
    const yaml = [
      'kind: Ingress',
      'metadata:',
      '  annotations:',
      '    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111111111111:certificate/abc-1',
      '    alb.ingress.kubernetes.io/wafv2-acl-name: staging-web',
      'spec:',
      '  rules:',
      '    - host: www.staging.example.com',
    ].join('\n');
    expect(refs(yaml).map((ref) => `${ref.kind} ${ref.name}`)).toEqual([
      'account-region acm certificate',
      'certificate-host www.staging.example.com',
      'waf-web-acl staging-web',
    ]);
  });

  it('asks for a certificate for every host listed under spec.tls', () => {
    const yaml = ['kind: Ingress', 'spec:', '  tls:', '    - hosts: [api.staging.example.com]'].join('\n');
    expect(refs(yaml)).toEqual([
      { kind: 'certificate-host', name: 'api.staging.example.com', path: 'spec.tls[0].hosts[0]' },
    ]);
  });

  it('reports which document of a multi-document file holds the reference', () => {
    const found = extractAwsReferences('a: 1\n---\nb: arn:aws:s3:::logs-bucket\n', 'f.yaml');
    expect(found.map((ref) => ref.documentIndex)).toEqual([1]);
  });

  it('names the file when the YAML is broken', () => {
    expect(() => extractAwsReferences('a: [', 'generated/staging/x/bad.yaml')).toThrow(
      'generated/staging/x/bad.yaml: document 0 is not valid YAML',
    );
  });
});

describe('certificateCovers', () => {
  it('matches the apex exactly and one label under a wildcard', () => {
    expect(certificateCovers('example.com', 'example.com')).toBe(true);
    expect(certificateCovers('*.example.com', 'www.example.com')).toBe(true);
    expect(certificateCovers('*.example.com', 'a.b.example.com')).toBe(false);
    expect(certificateCovers('*.example.com', 'example.com')).toBe(false);
  });
});
