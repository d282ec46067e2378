import type { PlatformServiceAccount } from '../../lib/naming';
import { VELERO_AWS_PLUGIN_IMAGE } from './charts';
import { volumeSnapshotClass } from './volume-snapshot-class';

/** Non-root user of Velero's pods: the images need no particular one. */
const VELERO_USER = 65532;

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
} as const;

/** The velero chart values we set (charts/velero `values.yaml`, checked by its values.schema.json). */
export interface VeleroValues {
  /** The AWS plugin, copied into the `plugins` volume Velero loads plugins from. */
  readonly initContainers: readonly Record<string, unknown>[];
  readonly podSecurityContext: Record<string, unknown>;
  readonly containerSecurityContext: Record<string, unknown>;
  readonly resources: Record<string, unknown>;
  /** CRDs come from the chart's crds/ folder, which Argo CD applies on every sync: no kubectl hook jobs. */
  readonly upgradeCRDs: boolean;
  readonly cleanUpCRDs: boolean;
  /** No static keys: EKS Pod Identity hands the server its role. */
  readonly credentials: { readonly useSecret: boolean };
  readonly serviceAccount: {
    readonly server: {
      readonly create: boolean;
      readonly name: string;
      readonly automountServiceAccountToken: boolean;
    };
  };
  /** No file-system backups: the node agent needs host paths and root, which the restricted profile forbids. */
  readonly deployNodeAgent: boolean;
  readonly configuration: {
    /** Ours is rendered as our own BackupStorageLocation (validated against its CRD), not by the chart. */
    readonly backupStorageLocation: readonly unknown[];
    /** None: volumes are snapshotted through CSI, not by the plugin's EBS snapshotter. */
    readonly volumeSnapshotLocation: readonly unknown[];
    readonly features: string;
    readonly defaultVolumesToFsBackup: boolean;
  };
  readonly metrics: {
    readonly enabled: boolean;
    readonly serviceMonitor: { readonly enabled: boolean; readonly autodetect: boolean };
    readonly nodeAgentPodMonitor: { readonly enabled: boolean; readonly autodetect: boolean };
    /** Our own rules (platform/backup/backup-rules.ts) say when a recovery point objective is broken. */
    readonly prometheusRule: { readonly enabled: boolean; readonly autodetect: boolean };
  };
  /** The VolumeSnapshotClass (see volume-snapshot-class.ts for why the chart renders it). */
  readonly extraObjects: readonly Record<string, unknown>[];
}

/**
 * Values for Velero on EKS: S3 through the AWS plugin with Pod Identity credentials, volume data as CSI snapshots
 * (`EnableCSI`) of the EBS CSI driver, metrics scraped by Prometheus when the cluster has monitoring.
 */
export function veleroValues(account: PlatformServiceAccount, monitoring: boolean): VeleroValues {
  return {
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: VELERO_AWS_PLUGIN_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        securityContext: RESTRICTED_CONTAINER,
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
      },
    ],
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: VELERO_USER,
      runAsGroup: VELERO_USER,
      fsGroup: VELERO_USER,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containerSecurityContext: RESTRICTED_CONTAINER,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    upgradeCRDs: false,
    cleanUpCRDs: false,
    credentials: { useSecret: false },
    serviceAccount: { server: { create: true, name: account.serviceAccount, automountServiceAccountToken: true } },
    deployNodeAgent: false,
    configuration: {
      backupStorageLocation: [],
      volumeSnapshotLocation: [],
      features: 'EnableCSI',
      defaultVolumesToFsBackup: false,
    },
    metrics: {
      enabled: true,
      serviceMonitor: { enabled: monitoring, autodetect: false },
      nodeAgentPodMonitor: { enabled: false, autodetect: false },
      prometheusRule: { enabled: false, autodetect: false },
    },
    extraObjects: [volumeSnapshotClass()],
  };
}
