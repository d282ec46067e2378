import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { type LoggingSettings, LokiMode } from '../../lib/model/platform-settings';
import {
  logRetentionDays,
  lokiBucketName,
  type PlatformServiceAccount,
  platformServiceAccount,
} from '../../lib/naming';

/**
 * Helm release name of Loki. It contains the chart name, so the chart's fullname is the release name itself and
 * its Services are `loki` (monolithic) and `loki-<component>` (distributed).
 */
export const LOKI_RELEASE = 'loki';

/** Loki's HTTP port on every Service of the chart (`loki.server.http_listen_port`, left at the chart's default). */
export const LOKI_HTTP_PORT = 3100;

/** The chart's `deploymentMode` of each mode we run (SimpleScalable is deprecated and not offered). */
const DEPLOYMENT_MODES: Readonly<Record<LokiMode, LokiDeploymentMode>> = {
  [LokiMode.MONOLITHIC]: 'Monolithic',
  [LokiMode.DISTRIBUTED]: 'Distributed',
};

/** Where clients of Loki talk to it. */
export interface LokiEndpoints {
  /** Loki's push API (`/loki/api/v1/push`), for Alloy. */
  readonly pushUrl: string;
  /** Base URL of the query API, for Grafana's Loki data source. */
  readonly queryUrl: string;
}

function serviceUrl(service: string): string {
  return `http://${service}.${platformServiceAccount('loki').namespace}.svc.cluster.local:${LOKI_HTTP_PORT}`;
}

/**
 * The Services Alloy pushes to and Grafana queries, per mode. The chart's nginx gateway is off (see
 * lokiValues), so clients use the Services the chart renders for each mode:
 * - monolithic: `loki` (the single binary serves writes and reads);
 * - distributed: `loki-distributor` (write path) and `loki-query-frontend` (read path, live tail included).
 */
export function lokiEndpoints(mode: LokiMode): LokiEndpoints {
  const write = mode === LokiMode.MONOLITHIC ? LOKI_RELEASE : `${LOKI_RELEASE}-distributor`;
  const read = mode === LokiMode.MONOLITHIC ? LOKI_RELEASE : `${LOKI_RELEASE}-query-frontend`;
  return { pushUrl: `${serviceUrl(write)}/loki/api/v1/push`, queryUrl: serviceUrl(read) };
}

/** The schema every Loki of ours starts with: TSDB index on S3, schema v13 (needed for structured metadata). */
export const LOKI_SCHEMA_START = '2025-01-01';

/** The chart's `deploymentMode` values we use. */
export type LokiDeploymentMode = 'Monolithic' | 'Distributed';

interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'ScheduleAnyway';
  readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
}

/** A Loki component's replicas and, with more than one, its disruption budget and spread over the zones. */
interface Component {
  readonly replicas: number;
  readonly podDisruptionBudget?: { readonly maxUnavailable: number };
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
}

/** The Loki chart values we set (grafana-community chart 18.x `values.yaml`). */
export interface LokiValues {
  readonly deploymentMode: LokiDeploymentMode;
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
      readonly bucketNames: { readonly chunks: string; readonly ruler: string };
      readonly s3: { readonly region: string };
    };
    readonly limits_config: { readonly retention_period: string; readonly allow_structured_metadata: boolean };
    readonly compactor: { readonly retention_enabled: boolean; readonly delete_request_store: 's3' };
  };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly singleBinary: Component;
  /** The deprecated simple scalable targets: the chart defaults them to 3 replicas, and fails beside the others. */
  readonly read: Component;
  readonly write: Component;
  readonly backend: Component;
  readonly ingester?: Component & {
    readonly zoneAwareReplication: { readonly enabled: boolean };
    /** The write-ahead log on a volume, so that a rescheduled ingester replays it. */
    readonly persistence: { readonly enabled: boolean };
  };
  readonly distributor?: Component;
  readonly querier?: Component;
  readonly queryFrontend?: Component;
  readonly queryScheduler?: Component;
  readonly indexGateway?: Component;
  readonly compactor?: Component;
  readonly gateway: { readonly enabled: boolean };
  readonly chunksCache: { readonly enabled: boolean; readonly allocatedMemory?: number };
  readonly resultsCache: { readonly enabled: boolean };
  readonly minio: { readonly enabled: boolean };
  readonly lokiCanary: { readonly enabled: boolean };
  readonly test: { readonly enabled: boolean };
  readonly monitoring: { readonly serviceMonitor: { readonly enabled: boolean } };
}

/**
 * `replicas` pods of a component (its pod label `app.kubernetes.io/component`); more than one get a budget of one
 * pod down at a time and are spread over the availability zones where the nodes allow (the chart's own hard
 * anti-affinity already keeps them on separate nodes).
 */
function component(label: string, replicas: number): Component {
  if (replicas <= 1) return { replicas };
  return {
    replicas,
    podDisruptionBudget: { maxUnavailable: 1 },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: {
          matchLabels: {
            'app.kubernetes.io/component': label,
            'app.kubernetes.io/name': 'loki',
            'app.kubernetes.io/instance': LOKI_RELEASE,
          },
        },
      },
    ],
  };
}

type DistributedComponents = Required<
  Pick<
    LokiValues,
    'ingester' | 'distributor' | 'querier' | 'queryFrontend' | 'queryScheduler' | 'indexGateway' | 'compactor'
  >
>;

/** Components of the distributed mode, by their values key; the compactor runs once (it must be a singleton). */
function distributedComponents(replicas: number): DistributedComponents {
  return {
    ingester: {
      ...component('ingester', replicas),
      zoneAwareReplication: { enabled: true },
      persistence: { enabled: true },
    },
    distributor: component('distributor', replicas),
    querier: component('querier', replicas),
    queryFrontend: component('query-frontend', replicas),
    queryScheduler: component('query-scheduler', replicas),
    indexGateway: component('index-gateway', replicas),
    compactor: component('compactor', 1),
  };
}

/**
 * Values for Loki on S3 (`lokiBucketName(cluster)`, chunks and ruler in the one bucket infra creates), keeping logs
 * `logRetentionDays(environment)` days unless the cluster says otherwise; the compactor deletes older data.
 *
 * Monolithic runs the single binary; distributed runs the microservices with replication factor 3, ingesters in
 * the chart's three zones with their write-ahead log on a volume, memcached for chunks and results, and a
 * disruption budget for every component with more than one replica. Both modes leave out the nginx gateway
 * (authentication is off, so it would only add a hop: clients use lokiEndpoints), MinIO, the canary and the
 * Helm test. Loki authenticates to S3 with EKS Pod Identity as `platformRoleName(cluster, 'loki')`, bound by
 * infra to the service account `account`, which every Loki pod runs as.
 */
export function lokiValues(
  cluster: AwsClusterDefinition,
  settings: LoggingSettings,
  account: PlatformServiceAccount,
  monitoring: boolean,
): LokiValues {
  const bucket = lokiBucketName(cluster);
  const retentionDays = settings.retentionDays ?? logRetentionDays(cluster.environment);
  const distributed = settings.lokiMode === LokiMode.DISTRIBUTED;
  const replicas = settings.lokiReplicas;
  return {
    deploymentMode: DEPLOYMENT_MODES[settings.lokiMode],
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: distributed ? 3 : Math.min(3, replicas) },
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
        bucketNames: { chunks: bucket, ruler: bucket },
        s3: { region: cluster.awsRegion },
      },
      limits_config: { retention_period: `${retentionDays * 24}h`, allow_structured_metadata: true },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    serviceAccount: { create: true, name: account.serviceAccount },
    singleBinary: distributed ? { replicas: 0 } : component('single-binary', replicas),
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    ...(distributed ? distributedComponents(replicas) : {}),
    gateway: { enabled: false },
    chunksCache: distributed
      ? { enabled: true, allocatedMemory: settings.lokiChunksCacheMi ?? DEFAULTS.lokiChunksCacheMi }
      : { enabled: false },
    resultsCache: { enabled: distributed },
    minio: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: monitoring } },
  };
}
