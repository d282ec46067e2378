import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { backupCopyRegion } from '../../lib/model/backup-region';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount, veleroBucketName } from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { platformLabels } from '../shared/labels';

/** The one BackupStorageLocation of a cluster, which every schedule writes to. */
export const BACKUP_LOCATION = 'default';

export interface BackupLocationProps {
  readonly cluster: AwsClusterDefinition;
}

/**
 * Velero's BackupStorageLocation: the bucket infra creates for it in the cluster's backup copy region, so the
 * backups survive an outage of the cluster's own region. Credentials come from Pod Identity (no `credential`).
 */
export class BackupLocation extends Construct {
  constructor(scope: Construct, id: string, props: BackupLocationProps) {
    super(scope, id);
    const { cluster } = props;
    new ApiObject(this, 'location', {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: {
        name: BACKUP_LOCATION,
        namespace: platformServiceAccount('velero').namespace,
        labels: platformLabels(PlatformComponent.BACKUP),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        provider: 'aws',
        default: true,
        accessMode: 'ReadWrite',
        objectStorage: { bucket: veleroBucketName(cluster), prefix: cluster.name },
        config: { region: backupCopyRegion(cluster) },
        validationFrequency: '1m',
      },
    });
  }
}
