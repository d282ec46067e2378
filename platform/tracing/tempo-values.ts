import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { TracingSettings } from '../../lib/model/platform-settings';
import { type PlatformServiceAccount, tempoBucketName } from '../../lib/naming';
import { OTLP_GRPC_PORT } from './endpoints';

/** The tempo chart values we set (grafana-community chart 2.x `values.yaml`). */
export interface TempoValues {
  readonly tempo: {
    /** Tempo's compactor deletes blocks older than this (`compactor.compaction.block_retention`). */
    readonly retention: string;
    readonly reportingEnabled: boolean;
    readonly receivers: {
      readonly otlp: { readonly protocols: { readonly grpc: { readonly endpoint: string } } };
    };
    readonly storage: {
      readonly trace: {
        readonly backend: 's3';
        readonly s3: { readonly bucket: string; readonly endpoint: string; readonly region: string };
        readonly wal: { readonly path: string };
      };
    };
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly memory: string };
    };
    readonly securityContext: Readonly<Record<string, unknown>>;
  };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  /** The write-ahead log on a volume: a restarted Tempo replays the spans it had not flushed to S3. */
  readonly persistence: { readonly enabled: boolean; readonly size: string; readonly storageClassName?: string };
  readonly serviceMonitor: { readonly enabled: boolean };
}

/** Tempo's compactor retention as a Go duration: 7 days -> `168h`. */
export function tempoRetention(settings: TracingSettings): string {
  return `${(settings.retentionDays ?? DEFAULTS.traceRetentionDays) * 24}h`;
}

/**
 * Values for Tempo's single binary: OTLP gRPC only (from Alloy; no Jaeger receivers), blocks in the S3 bucket
 * `tempoBucketName(cluster)` with the retention of the cluster's settings, the write-ahead log on a volume, no
 * usage reporting. Tempo reads S3 with EKS Pod Identity as `platformRoleName(cluster, 'tempo')`, bound by infra
 * to the service account `account` (Tempo's S3 client, minio-go, reads the Pod Identity Agent's container
 * credentials).
 */
export function tempoValues(
  cluster: AwsClusterDefinition,
  settings: TracingSettings,
  account: PlatformServiceAccount,
  storageClassName: string | undefined,
  monitoring: boolean,
): TempoValues {
  return {
    tempo: {
      retention: tempoRetention(settings),
      reportingEnabled: false,
      receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` } } } },
      storage: {
        trace: {
          backend: 's3',
          s3: {
            bucket: tempoBucketName(cluster),
            endpoint: `s3.${cluster.awsRegion}.amazonaws.com`,
            region: cluster.awsRegion,
          },
          wal: { path: '/var/tempo/wal' },
        },
      },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    },
    serviceAccount: { create: true, name: account.serviceAccount },
    persistence: { enabled: true, size: '10Gi', ...(storageClassName === undefined ? {} : { storageClassName }) },
    serviceMonitor: { enabled: monitoring },
  };
}
