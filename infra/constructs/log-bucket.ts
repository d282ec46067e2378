import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface LogBucketProps {
  readonly bucketName: string;
  /** Objects expire after this many days (the log retention). */
  readonly retentionDays: number;
  readonly encryptionKeyArn: string;
  /** More bucket policy statements, e.g. for a service that delivers logs into it. @default none */
  readonly policyStatements?: readonly PolicyStatement[];
}

/**
 * A private, encrypted S3 bucket for logs (Loki's chunks and index): public access blocked, ACLs disabled,
 * TLS required, objects expiring with the log retention.
 */
export class LogBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName });
    protectBucket(this, this.bucket, props.encryptionKeyArn);
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-after-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument(this, 'tls-only', [denyInsecureTransport(this.bucket), ...(props.policyStatements ?? [])]),
    });
  }
}

/**
 * What every bucket of the stack gets: public access blocked, ACLs off (every object belongs to the bucket
 * owner), and SSE-KMS with the given key and bucket keys (fewer KMS calls). `region` is the bucket's when it is
 * not the provider's (a bucket in the backup copy region).
 */
export function protectBucket(scope: Construct, bucket: S3Bucket, encryptionKeyArn: string, region?: string): void {
  new S3BucketPublicAccessBlock(scope, 'public-access-block', {
    bucket: bucket.id,
    region,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', {
    bucket: bucket.id,
    region,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfiguration(scope, 'encryption', {
    bucket: bucket.id,
    region,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: encryptionKeyArn },
        bucketKeyEnabled: true,
      },
    ],
  });
}

/** The bucket policy statement that refuses every request not made over TLS. */
export function denyInsecureTransport(bucket: S3Bucket): PolicyStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    actions: ['s3:*'],
    resources: [bucket.arn, `${bucket.arn}/*`],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}
