import { EBS_CSI_PROVISIONER } from '../cluster-addons/storage-class';

/** Name of the VolumeSnapshotClass Velero snapshots EBS volumes with. */
export const VOLUME_SNAPSHOT_CLASS = 'ebs-velero';

/** The label that makes Velero pick a VolumeSnapshotClass for a CSI driver's volumes. */
export const VELERO_SNAPSHOT_CLASS_LABEL = 'velero.io/csi-volumesnapshot-class';

/**
 * The VolumeSnapshotClass of the EBS CSI driver, labelled for Velero. `Retain`: the EBS snapshot outlives a deleted
 * VolumeSnapshot object (a namespace deleted by mistake), and Velero deletes it when the backup expires.
 *
 * The Velero chart renders it (`extraObjects`) instead of generated/ holding it as our own document: strict schema
 * validation needs a schema for every kind, and the reference schemas have none for `snapshot.storage.k8s.io`.
 * Its CRD comes from the EKS `snapshot-controller` add-on, which exists before Argo CD's first sync (converge checks
 * it through the chart's table).
 */
export function volumeSnapshotClass(): Record<string, unknown> {
  return {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: { name: VOLUME_SNAPSHOT_CLASS, labels: { [VELERO_SNAPSHOT_CLASS_LABEL]: 'true' } },
    driver: EBS_CSI_PROVISIONER,
    deletionPolicy: 'Retain',
  };
}
