import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

describe('ingress controllers', () => {
  it('installs the AWS Load Balancer Controller, finding the VPC by its Name tag', () => {
    const application = render(stagingCluster(), []).object(
      'ingress/application-helm-aws-load-balancer-controller.yaml',
    );
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      targetRevision: '3.6.0',
    });
    expect(field(application, 'spec.destination.namespace')).toBe('kube-system');
    expect(field(application, 'spec.source.helm.valuesObject')).toEqual({
      clusterName: 'staging',
      region: 'eu-west-1',
      vpcTags: { Name: 'staging' },
      replicaCount: 1,
      serviceAccount: { create: true, name: 'aws-load-balancer-controller' },
      ingressClass: 'alb',
      createIngressClassResource: true,
      ingressClassConfig: { default: false },
      enableServiceMutatorWebhook: false,
      defaultSSLPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      defaultTags: { cluster: 'staging', environment: 'staging' },
      serviceMonitor: { enabled: true },
      enableCertManager: true,
    });
  });

  it('runs the controller with a disruption budget when it has more than one replica', () => {
    const values = field(
      render(productionCluster(), []).object('ingress/application-helm-aws-load-balancer-controller.yaml'),
      'spec.source.helm.valuesObject',
    );
    expect(values).toMatchObject({ replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 } });
  });

  it('installs external-dns for the cluster Route53 zone, owning only its own records', () => {
    const application = render(productionCluster(), []).object('ingress/application-helm-external-dns.yaml');
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      targetRevision: '1.21.1',
    });
    expect(field(application, 'spec.destination.namespace')).toBe('external-dns');
    expect(field(application, 'spec.source.helm.valuesObject')).toEqual({
      provider: { name: 'aws' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }],
      sources: ['ingress'],
      domainFilters: ['example.com'],
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: 'production',
      serviceAccount: { create: true, name: 'external-dns' },
      serviceMonitor: { enabled: true },
    });
  });
});

describe('external-dns with extra zones', () => {
  it('manages the base domain and every zone in ingress.extraZones', () => {
    const definition = productionCluster({ ingress: { extraZones: ['shop.example.org', 'example.net'] } });
    const values = field(
      render(definition, []).object('ingress/application-helm-external-dns.yaml'),
      'spec.source.helm.valuesObject',
    );
    expect((values as { domainFilters: string[] }).domainFilters).toEqual([
      definition.baseDomain,
      'example.net',
      'shop.example.org',
    ]);
  });
});
