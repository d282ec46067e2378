import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { backupCron } from '../../lib/model/backup-schedule';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { type BackupSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { backupRetentionDays, platformServiceAccount } from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { platformLabels } from '../shared/labels';
import { BACKUP_LOCATION } from './backup-location';

/** What one Velero schedule backs up, and the recovery point objective it keeps. */
export interface BackupSchedule {
  readonly name: string;
  readonly rpoMinutes: number;
  readonly cron: string;
  /** Whether the backup takes CSI snapshots of the persistent volumes. */
  readonly snapshotVolumes: boolean;
}

/** Events are noise after the fact and the biggest part of a backup; Velero restores none usefully. */
const EXCLUDED_RESOURCES = ['events', 'events.events.k8s.io'];

/**
 * The schedules of a cluster: every namespace's resources (and the cluster-scoped ones) without volume data, and
 * the same with CSI snapshots of every persistent volume, each at its own RPO. The volume backup starts half an
 * hour later when it runs hourly or less often, so the two rarely run at once.
 */
export function backupSchedules(settings: BackupSettings): BackupSchedule[] {
  const resources = settings.resourcesRpoMinutes ?? DEFAULTS.backupResourcesRpoMinutes;
  const volumes = settings.volumesRpoMinutes ?? DEFAULTS.backupVolumesRpoMinutes;
  return [
    { name: 'cluster-resources', rpoMinutes: resources, cron: backupCron(resources, 0), snapshotVolumes: false },
    { name: 'volumes', rpoMinutes: volumes, cron: backupCron(volumes, 30), snapshotVolumes: true },
  ];
}

export interface BackupSchedulesProps {
  readonly cluster: ClusterDefinition;
  readonly settings: BackupSettings;
}

/** One Velero Schedule per entry of backupSchedules, kept for the cluster's backup retention. */
export class BackupSchedules extends Construct {
  constructor(scope: Construct, id: string, props: BackupSchedulesProps) {
    super(scope, id);
    const ttl = `${backupRetentionDays(props.cluster) * 24}h0m0s`;
    for (const schedule of backupSchedules(props.settings)) {
      new ApiObject(this, schedule.name, {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: {
          name: schedule.name,
          namespace: platformServiceAccount('velero').namespace,
          labels: platformLabels(PlatformComponent.BACKUP),
          annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
        },
        spec: {
          schedule: schedule.cron,
          // The first backup runs at the first scheduled time, not while Argo CD is still syncing the cluster.
          skipImmediately: true,
          // Backups outlive the Schedule: deleting it (a renamed schedule) must not delete them.
          useOwnerReferencesInBackup: false,
          template: {
            includedNamespaces: ['*'],
            includeClusterResources: true,
            excludedResources: EXCLUDED_RESOURCES,
            snapshotVolumes: schedule.snapshotVolumes,
            defaultVolumesToFsBackup: false,
            storageLocation: BACKUP_LOCATION,
            ttl,
            ...(schedule.snapshotVolumes ? { csiSnapshotTimeout: '10m0s' } : {}),
          },
        },
      });
    }
  }
}
