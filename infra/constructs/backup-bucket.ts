import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA as S3BucketObjectLockConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { EncryptionKey, useThroughServices } from './encryption-key';
import { denyInsecureTransport, protectBucket } from './log-bucket';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface BackupBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  /** The backup copy region: bucket and key live there, never in the cluster's own region. */
  readonly region: string;
  /** Days every object version is locked; Velero's backups expire after as many days. */
  readonly retentionDays: number;
  /** COMPLIANCE: nobody, root included, deletes a backup early; GOVERNANCE: a privileged principal can. */
  readonly lockMode: 'COMPLIANCE' | 'GOVERNANCE';
  readonly keyDeletionWindowDays: number;
}

/**
 * Velero's bucket, in the backup copy region: its own KMS key there (a regional outage, or a disabled data key of
 * the cluster, must not take the backups with it), public access blocked, TLS only, versioned and object-locked
 * for the retention, so neither a compromised Velero nor a mistaken `velero backup delete` destroys a backup
 * before it expires. Velero's own deletions only add delete markers; S3 removes a version once its lock ran out.
 */
export class BackupBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: EncryptionKey;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    const { region } = props;
    this.region = region;
    this.key = new EncryptionKey(this, 'key', {
      alias: props.bucketName,
      description: `Velero backups in S3 bucket ${props.bucketName}`,
      deletionWindowDays: props.keyDeletionWindowDays,
      accountId: props.accountId,
      region,
    });
    this.key.attachPolicy(useThroughServices('S3UsesKey', props.accountId, region, ['s3']));
    // Object lock can only be turned on when the bucket is created.
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, objectLockEnabled: true, region });
    protectBucket(this, this.bucket, this.key.arn, region);
    new S3BucketVersioning(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
      region,
    });
    new S3BucketObjectLockConfiguration(this, 'object-lock', {
      bucket: this.bucket.id,
      rule: { defaultRetention: { mode: props.lockMode, days: props.retentionDays } },
      region,
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'remove-deleted-backups',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          // Velero deletes expired backups itself; what is left are their old versions and delete markers.
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
      region,
    });
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument(this, 'tls-only', [denyInsecureTransport(this.bucket)]),
      region,
    });
  }

  /**
   * What Velero's AWS plugin documents for its object store (github.com/vmware-tanzu/velero-plugin-for-aws,
   * "Set permissions for Velero"), on this bucket only, and the bucket's key through S3 of its region. The
   * plugin's EC2 permissions are for its own EBS snapshotter, which is not configured: volumes are snapshotted
   * through CSI, by the EBS CSI driver's role.
   */
  veleroStatements(): PolicyStatement[] {
    return [
      { sid: 'ListBackupBucket', actions: ['s3:ListBucket'], resources: [this.bucket.arn] },
      {
        sid: 'ReadWriteBackupObjects',
        actions: [
          's3:GetObject',
          's3:DeleteObject',
          's3:PutObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        resources: [`${this.bucket.arn}/*`],
      },
      {
        sid: 'EncryptBackupObjects',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.arn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${this.region}.amazonaws.com`] }],
      },
    ];
  }
}
