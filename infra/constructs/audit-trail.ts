import { Cloudtrail } from '@cdktn/provider-aws/lib/cloudtrail';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA as S3BucketLogging } from '@cdktn/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA as S3BucketObjectLockConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { denyInsecureTransport, LogBucket, protectBucket } from './log-bucket';
import { policyDocument } from './policy-document';
import { EncryptionKey, useThroughServices } from './encryption-key';

export interface AuditTrailProps {
  /** Prefix of every name (the EKS cluster name). */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly trailBucketName: string;
  /** Receives the server access logs of the trail bucket. */
  readonly accessLogBucketName: string;
  /** Days a log file cannot be deleted or overwritten (object lock), and then expires. */
  readonly retentionDays: number;
  /** COMPLIANCE: nobody, root included, can shorten the lock; GOVERNANCE: a privileged override exists. */
  readonly lockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Bucket whose object reads and writes are recorded as data events (the Terraform state). */
  readonly stateBucketName: string;
  readonly deletionWindowDays: number;
}

/**
 * A multi-region CloudTrail trail of every management event, reads included: Secrets Manager records
 * GetSecretValue (who read which secret, when) as a read management event, so excluding read-only events
 * would lose exactly the secret audit. Plus S3 data events on the Terraform state, which holds the stack's
 * attributes. Delivered to a bucket encrypted with the trail's own KMS key, versioned, object-locked, private,
 * TLS-only and access-logged; the trail validates its log files (digest chain).
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: S3Bucket;
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const trailName = `${props.name}-audit`;
    const trailArn = `arn:aws:cloudtrail:${props.region}:${props.accountId}:trail/${trailName}`;
    const sourceArn = { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] };

    this.key = new EncryptionKey(this, 'key', {
      alias: trailName,
      description: `CloudTrail ${trailName} log files and their access logs`,
      deletionWindowDays: props.deletionWindowDays,
      accountId: props.accountId,
    });
    // The account root administers the key (attachPolicy adds it) but uses it only through S3: auditors whose
    // IAM policies allow it read the log files (explicit-key-policies).
    this.key.attachPolicy([
      ...useThroughServices('AccountReadsThroughS3', props.accountId, props.region, ['s3']),
      {
        sid: 'CloudTrailEncrypts',
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [
          sourceArn,
          {
            test: 'StringLike',
            variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
            values: [`arn:aws:cloudtrail:*:${props.accountId}:trail/*`],
          },
        ],
      },
      {
        sid: 'CloudTrailDescribes',
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        conditions: [sourceArn],
      },
      {
        sid: 'S3LogDeliveryEncrypts',
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
      },
    ]);

    const accessLogs = new LogBucket(this, 'access-logs', {
      bucketName: props.accessLogBucketName,
      retentionDays: props.retentionDays,
      encryptionKeyArn: this.key.arn,
      policyStatements: [
        {
          sid: 'S3ServerAccessLogs',
          actions: ['s3:PutObject'],
          resources: [`arn:aws:s3:::${props.accessLogBucketName}/*`],
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          conditions: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:aws:s3:::${props.trailBucketName}`] },
          ],
        },
      ],
    });

    // Object lock can only be turned on when the bucket is created.
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.trailBucketName, objectLockEnabled: true });
    protectBucket(this, this.bucket, this.key.arn);
    new S3BucketVersioning(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketObjectLockConfiguration(this, 'object-lock', {
      bucket: this.bucket.id,
      rule: { defaultRetention: { mode: props.lockMode, days: props.retentionDays } },
    });
    // Expiry only adds delete markers; S3 removes a version once its lock has run out.
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-after-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketLogging(this, 'access-logging', {
      bucket: this.bucket.id,
      targetBucket: accessLogs.bucket.id,
      targetPrefix: `${props.trailBucketName}/`,
    });
    const policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument(this, 'bucket-policy', [
        {
          sid: 'CloudTrailAclCheck',
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          conditions: [sourceArn],
        },
        {
          sid: 'CloudTrailWrite',
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/AWSLogs/${props.accountId}/*`],
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          conditions: [
            sourceArn,
            { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
          ],
        },
        denyInsecureTransport(this.bucket),
      ]),
    });

    this.trail = new Cloudtrail(this, 'trail', {
      name: trailName,
      s3BucketName: this.bucket.id,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      advancedEventSelector: [
        // No readOnly selector: read events (GetSecretValue, Decrypt) are what the secret audit needs.
        {
          name: 'Management events, reads and writes',
          fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }],
        },
        {
          name: 'Terraform state object access',
          fieldSelector: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: [`arn:aws:s3:::${props.stateBucketName}/`] },
          ],
        },
      ],
      dependsOn: [policy],
    });
  }
}
