import { describe, expect, it } from 'vitest';
import type { AwsClusterDefinition } from '../../../lib/model/cluster';
import { DEFAULTS } from '../../../lib/model/defaults';
import { type LoggingSettings, LokiMode } from '../../../lib/model/platform-settings';
import { LOKI_CHART } from '../../../platform/logging/charts';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function values(definition = stagingCluster()): Record<string, unknown> {
  return field(
    render(definition, []).object('logging/application-helm-loki.yaml'),
    'spec.source.helm.valuesObject',
  ) as Record<string, unknown>;
}

function withLogging(definition: AwsClusterDefinition, logging: LoggingSettings): AwsClusterDefinition {
  return { ...definition, platform: { ...definition.platform, logging } };
}

/** The pod selector the chart gives a component of the `loki` release. */
const zoneSpread = (component: string) => [
  {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {
      matchLabels: {
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/name': 'loki',
        'app.kubernetes.io/instance': 'loki',
      },
    },
  },
];

describe('Loki', () => {
  it('installs the pinned open-source chart of the grafana-community repository into the loki namespace', () => {
    const application = render(stagingCluster(), []).object('logging/application-helm-loki.yaml');
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: 'https://grafana-community.github.io/helm-charts',
      chart: 'loki',
      targetRevision: LOKI_CHART.version,
    });
    expect(field(application, 'spec.destination.namespace')).toBe('loki');
  });

  it('stores chunks and rules in the cluster S3 bucket and keeps logs 30 days in staging, 90 in production', () => {
    expect(field(values(), 'loki.storage')).toEqual({
      type: 's3',
      bucketNames: { chunks: 'staging-111111111111-loki', ruler: 'staging-111111111111-loki' },
      s3: { region: 'eu-west-1' },
    });
    expect(field(values(productionCluster()), 'loki.storage.bucketNames')).toEqual({
      chunks: 'production-222222222222-loki',
      ruler: 'production-222222222222-loki',
    });
    expect(field(values(), 'loki.limits_config.retention_period')).toBe('720h');
    expect(field(values(productionCluster()), 'loki.limits_config.retention_period')).toBe('2160h');
    expect(field(values(), 'loki.compactor')).toEqual({ retention_enabled: true, delete_request_store: 's3' });
  });

  it('keeps logs as long as a cluster overrides', () => {
    const custom = values(
      withLogging(stagingCluster(), { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1, retentionDays: 14 }),
    );
    expect(field(custom, 'loki.limits_config.retention_period')).toBe('336h');
  });

  it('runs one single binary in a monolithic cluster, without memcached, canary or gateway', () => {
    const monolithic = values();
    expect(monolithic).toMatchObject({
      deploymentMode: 'Monolithic',
      singleBinary: { replicas: 1 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      loki: { commonConfig: { replication_factor: 1 } },
      gateway: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      minio: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
    });
    expect(field(monolithic, 'singleBinary.podDisruptionBudget')).toBeUndefined();
    for (const key of ['ingester', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway']) {
      expect(monolithic[key], key).toBeUndefined();
    }
  });

  it('gives a monolithic Loki with more replicas a replication factor, a disruption budget and a zone spread', () => {
    const replicated = values(withLogging(stagingCluster(), { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 2 }));
    expect(replicated).toMatchObject({
      deploymentMode: 'Monolithic',
      singleBinary: {
        replicas: 2,
        podDisruptionBudget: { maxUnavailable: 1 },
        topologySpreadConstraints: zoneSpread('single-binary'),
      },
      loki: { commonConfig: { replication_factor: 2 } },
    });
  });

  it('runs the microservices in a distributed cluster, replicated three ways across zones', () => {
    const distributed = values(productionCluster());
    expect(distributed).toMatchObject({
      deploymentMode: 'Distributed',
      singleBinary: { replicas: 0 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      loki: { commonConfig: { replication_factor: 3 } },
      ingester: { replicas: 3, zoneAwareReplication: { enabled: true }, persistence: { enabled: true } },
      compactor: { replicas: 1 },
      gateway: { enabled: false },
      chunksCache: { enabled: true, allocatedMemory: DEFAULTS.lokiChunksCacheMi },
      resultsCache: { enabled: true },
    });
    for (const [key, component] of [
      ['ingester', 'ingester'],
      ['distributor', 'distributor'],
      ['querier', 'querier'],
      ['queryFrontend', 'query-frontend'],
      ['queryScheduler', 'query-scheduler'],
      ['indexGateway', 'index-gateway'],
    ] as const) {
      expect(distributed[key], key).toMatchObject({
        replicas: 3,
        podDisruptionBudget: { maxUnavailable: 1 },
        topologySpreadConstraints: zoneSpread(component),
      });
    }
    expect(field(distributed, 'compactor.podDisruptionBudget')).toBeUndefined();
  });

  it('sizes the distributed components and the chunks cache as the cluster says', () => {
    const larger = values(
      withLogging(productionCluster(), { lokiMode: LokiMode.DISTRIBUTED, lokiReplicas: 6, lokiChunksCacheMi: 4096 }),
    );
    expect(field(larger, 'ingester.replicas')).toBe(6);
    expect(field(larger, 'querier.replicas')).toBe(6);
    expect(field(larger, 'compactor.replicas')).toBe(1);
    expect(field(larger, 'loki.commonConfig.replication_factor')).toBe(3);
    expect(field(larger, 'chunksCache.allocatedMemory')).toBe(4096);
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

  it('runs every pod as the Pod Identity service account infra binds to the Loki role', () => {
    // Distributed components have no service account of their own (serviceAccount.create false in the chart)
    // and fall back to this one.
    expect(field(values(), 'serviceAccount')).toEqual({ create: true, name: 'loki' });
    expect(field(values(productionCluster()), 'serviceAccount')).toEqual({ create: true, name: 'loki' });
  });

  it('has Prometheus scrape Loki when monitoring runs', () => {
    expect(field(values(), 'monitoring.serviceMonitor.enabled')).toBe(true);
    const cluster = stagingCluster();
    expect(
      field(values({ ...cluster, platform: { ...cluster.platform, monitoring: undefined } }), 'monitoring'),
    ).toEqual({ serviceMonitor: { enabled: false } });
  });
});
