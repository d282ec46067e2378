import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { nodeVolumeKeyAliasArn } from '../../lib/naming';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformLabels } from '../shared/labels';

/** Annotation that makes a StorageClass the one PersistentVolumeClaims without `storageClassName` get. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** CSI driver of the EBS add-on infra installs on every cluster. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/**
 * The cluster's default StorageClass. EKS 1.30 and later has none, so Prometheus' and Loki's claims would stay
 * Pending. gp3, encrypted with the cluster's node-volume key, bound only once the pod is scheduled so that the volume is in
 * the pod's zone, and expandable in place.
 */
export interface DefaultStorageClassProps {
  readonly cluster: AwsClusterDefinition;
}

export class DefaultStorageClass extends Construct {
  constructor(scope: Construct, id: string, props: DefaultStorageClassProps) {
    super(scope, id);
    new ApiObject(this, 'storage-class', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: DEFAULTS.storageClassName,
        labels: platformLabels(PlatformComponent.CLUSTER_ADDONS),
        annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' },
      },
      provisioner: EBS_CSI_PROVISIONER,
      // The node-volume key infra creates; its key policy admits the EBS CSI driver.
      parameters: {
        type: 'gp3',
        encrypted: 'true',
        kmsKeyId: nodeVolumeKeyAliasArn(props.cluster),
        'csi.storage.k8s.io/fstype': 'ext4',
      },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }
}
