import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { type BackupSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { HelmApplication } from '../shared/helm-application';
import { BackupLocation } from './backup-location';
import { BackupRules } from './backup-rules';
import { BackupNetworkPolicies } from './network-policies';
import { VELERO_CHART } from './charts';
import { RestoreDrill } from './restore-drill';
import { backupSchedules, BackupSchedules } from './schedules';
import { veleroValues } from './velero-values';

export interface BackupStackProps {
  readonly cluster: AwsClusterDefinition;
  readonly settings: BackupSettings;
}

/**
 * Velero with its backup location (the bucket in the backup copy region), the schedules, the daily restore drill
 * and, with monitoring, the alerts that hold the recovery point objectives.
 */
export class BackupStack extends Construct {
  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const monitoring = cluster.platform?.monitoring !== undefined;
    const velero = platformServiceAccount('velero');
    new HelmApplication(this, 'velero', {
      component: PlatformComponent.BACKUP,
      pin: VELERO_CHART,
      platform: cluster.platform,
      releaseName: 'velero',
      namespace: velero.namespace,
      values: { ...veleroValues(velero, monitoring) },
    });
    new BackupLocation(this, 'location', { cluster });
    const schedules = backupSchedules(settings);
    new BackupSchedules(this, 'schedules', { cluster, settings });
    const drill = settings.restoreDrill ?? cluster.environment !== Environment.PRODUCTION;
    if (drill) new RestoreDrill(this, 'restore-drill', { cluster, schedule: schedules[0]!.name });
    new BackupNetworkPolicies(this, 'network-policies', { monitoring, restoreDrill: drill });
    if (monitoring) {
      new BackupRules(this, 'rules', {
        schedules,
        pageOnRpo: cluster.environment === Environment.PRODUCTION,
        restoreDrill: drill,
      });
    }
  }
}
