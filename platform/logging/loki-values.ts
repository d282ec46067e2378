import type { ClusterDefinition } from '../../lib/model/cluster';
import type { LoggingSettings } from '../../lib/model/platform-settings';
import {
  logRetentionDays,
  lokiBucketName,
  type PlatformServiceAccount,
  platformServiceAccount,
} from '../../lib/naming';

/** Helm release name of Loki; its gateway Service is `<release>-gateway`. */
export const LOKI_RELEASE = 'loki';

/** Loki's gateway inside the cluster: Alloy pushes to it, Grafana queries it. */
export function lokiGatewayUrl(): string {
  return `http://${LOKI_RELEASE}-gateway.${platformServiceAccount('loki').namespace}.svc.cluster.local`;
}

/** The schema every Loki of ours starts with: TSDB index on S3, schema v13 (needed for structured metadata). */
export const LOKI_SCHEMA_START = '2025-01-01';

interface Replicas {
  readonly replicas: number;
}

/** The Loki chart values we set (chart 6.x `values.yaml`). */
export interface LokiValues {
  readonly deploymentMode: 'SingleBinary' | 'SimpleScalable';
  readonly loki: {
    readonly auth_enabled: boolean;
    readonly commonConfig: { readonly replication_factor: number };
    readonly schemaConfig: {
      readonly configs: readonly {
        readonly from: string;
        readonly store: 'tsdb';
        readonly object_store: 's3';
        readonly schema: 'v13';
        readonly index: { readonly prefix: string; readonly period: '24h' };
      }[];
    };
    readonly storage: {
      readonly type: 's3';
      readonly bucketNames: { readonly chunks: string; readonly ruler: string; readonly admin: string };
      readonly s3: { readonly region: string };
    };
    readonly limits_config: { readonly retention_period: string; readonly allow_structured_metadata: boolean };
    readonly compactor: { readonly retention_enabled: boolean; readonly delete_request_store: 's3' };
  };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly singleBinary: Replicas;
  readonly read: Replicas;
  readonly write: Replicas;
  readonly backend: Replicas;
  readonly gateway: { readonly enabled: boolean };
  readonly chunksCache: { readonly enabled: boolean };
  readonly resultsCache: { readonly enabled: boolean };
  readonly minio: { readonly enabled: boolean };
  readonly lokiCanary: { readonly enabled: boolean };
  readonly test: { readonly enabled: boolean };
  readonly monitoring: { readonly serviceMonitor: { readonly enabled: boolean } };
}

/**
 * Values for Loki on S3 (`lokiBucketName(cluster)`), keeping logs `logRetentionDays(environment)` days unless
 * the cluster says otherwise; the compactor deletes older data. One replica runs the single binary, more run
 * the simple scalable mode. Loki authenticates to S3 with EKS Pod Identity as `platformRoleName(cluster,
 * 'loki')`, bound to the chart's service account by infra.
 */
export function lokiValues(
  cluster: ClusterDefinition,
  settings: LoggingSettings,
  account: PlatformServiceAccount,
  monitoring: boolean,
): LokiValues {
  const bucket = lokiBucketName(cluster);
  const scalable = settings.lokiReplicas > 1;
  const retentionDays = settings.retentionDays ?? logRetentionDays(cluster.environment);
  const replicas = (on: boolean): Replicas => ({ replicas: on ? settings.lokiReplicas : 0 });
  return {
    deploymentMode: scalable ? 'SimpleScalable' : 'SingleBinary',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: Math.min(3, settings.lokiReplicas) },
      schemaConfig: {
        configs: [
          {
            from: LOKI_SCHEMA_START,
            store: 'tsdb',
            object_store: 's3',
            schema: 'v13',
            index: { prefix: 'loki_index_', period: '24h' },
          },
        ],
      },
      storage: {
        type: 's3',
        bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
        s3: { region: cluster.awsRegion },
      },
      limits_config: { retention_period: `${retentionDays * 24}h`, allow_structured_metadata: true },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    serviceAccount: { create: true, name: account.serviceAccount },
    singleBinary: { replicas: scalable ? 0 : 1 },
    read: replicas(scalable),
    write: replicas(scalable),
    backend: replicas(scalable),
    gateway: { enabled: true },
    chunksCache: { enabled: scalable },
    resultsCache: { enabled: scalable },
    minio: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: monitoring } },
  };
}
