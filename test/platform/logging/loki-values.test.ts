import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function values(definition = stagingCluster()): Record<string, unknown> {
  return field(
    render(definition, []).object('logging/application-helm-loki.yaml'),
    'spec.source.helm.valuesObject',
  ) as Record<string, unknown>;
}

describe('Loki', () => {
  it('installs the pinned chart into the loki namespace', () => {
    const application = render(stagingCluster(), []).object('logging/application-helm-loki.yaml');
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: 'https://grafana.github.io/helm-charts',
      chart: 'loki',
      targetRevision: '6.54.0',
    });
    expect(field(application, 'spec.destination.namespace')).toBe('loki');
  });

  it('stores logs in the cluster S3 bucket and keeps them 30 days in staging, 90 in production', () => {
    expect(field(values(), 'loki.storage')).toEqual({
      type: 's3',
      bucketNames: {
        chunks: 'staging-111111111111-loki',
        ruler: 'staging-111111111111-loki',
        admin: 'staging-111111111111-loki',
      },
      s3: { region: 'eu-west-1' },
    });
    expect(field(values(), 'loki.limits_config.retention_period')).toBe('720h');
    expect(field(values(productionCluster()), 'loki.limits_config.retention_period')).toBe('2160h');
    expect(field(values(), 'loki.compactor')).toEqual({ retention_enabled: true, delete_request_store: 's3' });
  });

  it('keeps logs as long as a cluster overrides', () => {
    const cluster = stagingCluster();
    const custom = values({
      ...cluster,
      platform: { ...cluster.platform, logging: { lokiReplicas: 1, retentionDays: 14 } },
    });
    expect(field(custom, 'loki.limits_config.retention_period')).toBe('336h');
  });

  it('runs a single binary in staging and the simple scalable mode in production', () => {
    expect(values()).toMatchObject({
      deploymentMode: 'SingleBinary',
      singleBinary: { replicas: 1 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      loki: { commonConfig: { replication_factor: 1 } },
    });
    expect(values(productionCluster())).toMatchObject({
      deploymentMode: 'SimpleScalable',
      singleBinary: { replicas: 0 },
      read: { replicas: 3 },
      write: { replicas: 3 },
      backend: { replicas: 3 },
      loki: { commonConfig: { replication_factor: 3 } },
      chunksCache: { enabled: true },
    });
  });

  it('uses the TSDB v13 schema, which keeps structured metadata such as trace_id', () => {
    expect(field(values(), 'loki.schemaConfig.configs')).toEqual([
      {
        from: '2025-01-01',
        store: 'tsdb',
        object_store: 's3',
        schema: 'v13',
        index: { prefix: 'loki_index_', period: '24h' },
      },
    ]);
    expect(field(values(), 'loki.limits_config.allow_structured_metadata')).toBe(true);
  });

  it('runs as the Pod Identity service account infra binds to the Loki role', () => {
    expect(field(values(), 'serviceAccount')).toEqual({ create: true, name: 'loki' });
  });
});
