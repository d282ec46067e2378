import {
  chartInstalls,
  type ChartInstallsTable,
  type ChartCustomResource,
  enabled,
  serviceMonitor,
  valueAt,
} from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * Velero, chart repository https://vmware-tanzu.github.io/helm-charts (github.com/vmware-tanzu/helm-charts,
 * charts/velero; tag velero-12.1.0, Velero 1.18.1).
 */
export const VELERO_CHART: ChartPin = {
  chart: 'velero',
  repoURL: 'https://vmware-tanzu.github.io/helm-charts',
  version: '12.1.0',
};

/**
 * The AWS plugin (S3 object store), copied into Velero's plugin folder by an init container. The 1.14 line is
 * the one built against Velero 1.18 (github.com/vmware-tanzu/velero-plugin-for-aws, compatibility table).
 */
export const VELERO_AWS_PLUGIN_IMAGE = 'docker.io/velero/velero-plugin-for-aws:v1.14.2';

const VELERO_CRDS = [
  'Backup',
  'BackupRepository',
  'BackupStorageLocation',
  'DeleteBackupRequest',
  'DownloadRequest',
  'PodVolumeBackup',
  'PodVolumeRestore',
  'Restore',
  'Schedule',
  'ServerStatusRequest',
  'VolumeSnapshotLocation',
  'DataDownload',
  'DataUpload',
].map((kind) => `velero.io/${kind}`);

/**
 * What the velero chart installs (see lib/converge/chart-installs.ts): its CRDs from the chart's `crds/` folder
 * (Argo CD applies them on every sync, so `upgradeCRDs` and its kubectl hook job stay off), the server's service
 * account, and the objects of `extraObjects` (the VolumeSnapshotClass, whose CRD the EKS snapshot-controller add-on
 * installs).
 */
export const VELERO_INSTALLS: ChartInstallsTable = {
  chart: 'velero',
  allCrds: VELERO_CRDS,
  installs: (release) => {
    const { values, namespace, releaseName } = release;
    const name = valueAt(values, 'serviceAccount.server.name');
    const extra = valueAt(values, 'extraObjects');
    const extraObjects: ChartCustomResource[] = (Array.isArray(extra) ? extra : []).map((object) => {
      const { apiVersion, kind, metadata } = object as {
        apiVersion: string;
        kind: string;
        metadata: { name: string };
      };
      return { groupKind: `${apiVersion.split('/')[0]}/${kind}`, name: metadata.name };
    });
    return chartInstalls({
      crds: VELERO_CRDS,
      serviceAccounts: enabled(values, 'serviceAccount.server.create', true)
        ? [{ namespace, name: typeof name === 'string' && name !== '' ? name : `${releaseName}-server` }]
        : [],
      customResources: [...serviceMonitor(release, 'metrics.serviceMonitor.enabled'), ...extraObjects],
      hooks: enabled(values, 'upgradeCRDs', true)
        ? [{ phase: 'PreSync', kind: 'Job', name: `${releaseName}-upgrade-crds` }]
        : [],
    });
  },
};
