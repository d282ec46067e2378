import { describe, expect, it } from 'vitest';
import type { AwsClusterDefinition } from '../../../lib/model/cluster';
import { backupCopyRegion } from '../../../lib/model/backup-region';
import { backupRetentionDays, platformRoleName, platformServiceAccount, veleroBucketName } from '../../../lib/naming';
import { infraSettings } from '../../../infra/settings';
import type { TerraformJson } from '../../../infra/policies/terraform-json';
import { all, documentOf, production, roleStatements, staging, synthStack } from '../helpers';

/** The same cluster with and without `platform.backup`, whatever the repository's cluster files say. */
const withBackup = (cluster: AwsClusterDefinition, retentionDays?: number): AwsClusterDefinition => ({
  ...cluster,
  platform: { ...cluster.platform, backup: retentionDays === undefined ? {} : { retentionDays } },
});
const withoutBackup: AwsClusterDefinition = { ...staging, platform: { ...staging.platform, backup: undefined } };

/** Every resource of the bucket named like Velero's, by type (the bucket and the resources that point at it). */
function bucketResources(json: TerraformJson, bucketName: string): Map<string, Record<string, unknown>> {
  const id = Object.entries(json.resource?.aws_s3_bucket ?? {}).find(([, bucket]) => bucket.bucket === bucketName)?.[0];
  if (id === undefined) throw new Error(`no bucket ${bucketName}`);
  const out = new Map<string, Record<string, unknown>>([['aws_s3_bucket', json.resource!.aws_s3_bucket![id]!]]);
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      if (resource.bucket === `\${aws_s3_bucket.${id}.id}`) out.set(type, resource);
    }
  }
  return out;
}

describe("Velero's bucket and role", () => {
  it('exist only for clusters with platform.backup', () => {
    const json = synthStack(withoutBackup);
    expect(all(json, 'aws_s3_bucket').map((bucket) => bucket.bucket)).not.toContain(veleroBucketName(withoutBackup));
    expect(all(json, 'aws_iam_role').map((role) => role.name)).not.toContain(platformRoleName(withoutBackup, 'velero'));
  });

  describe.each([
    ['staging', withBackup(staging)],
    ['production', withBackup(production)],
  ])('in %s', (_name, cluster) => {
    const json = synthStack(cluster);
    const settings = infraSettings(cluster.environment);
    const region = backupCopyRegion(cluster);
    const resources = bucketResources(json, veleroBucketName(cluster));

    it("puts the bucket, every setting of it and its key in the copy region, never the cluster's", () => {
      expect(region).not.toBe(cluster.awsRegion);
      for (const [type, resource] of resources) expect({ type, region: resource.region }).toEqual({ type, region });
      const encryption = resources.get('aws_s3_bucket_server_side_encryption_configuration')!;
      const rule = (encryption.rule as Record<string, unknown>[])[0]!;
      const keyRef = String(
        (rule.apply_server_side_encryption_by_default as Record<string, unknown>).kms_master_key_id,
      );
      const keyId = /aws_kms_key\.([^.]+)\.arn/.exec(keyRef)![1]!;
      expect(json.resource!.aws_kms_key![keyId]).toMatchObject({ region, enable_key_rotation: true });
      expect(rule).toMatchObject({ bucket_key_enabled: true });
    });

    it('blocks public access, disables ACLs and refuses plain HTTP', () => {
      expect(resources.get('aws_s3_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(resources.get('aws_s3_bucket_ownership_controls')).toMatchObject({
        rule: { object_ownership: 'BucketOwnerEnforced' },
      });
      const policy = documentOf(json, resources.get('aws_s3_bucket_policy')!.policy);
      expect(policy.statement).toEqual([
        expect.objectContaining({
          effect: 'Deny',
          actions: ['s3:*'],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        }),
      ]);
    });

    it('versions the bucket and locks every object for the backup retention, in the environment mode', () => {
      expect(resources.get('aws_s3_bucket')).toMatchObject({ object_lock_enabled: true });
      expect(resources.get('aws_s3_bucket_versioning')).toMatchObject({
        versioning_configuration: { status: 'Enabled' },
      });
      expect(resources.get('aws_s3_bucket_object_lock_configuration')).toMatchObject({
        rule: { default_retention: { mode: settings.backupBucketLockMode, days: backupRetentionDays(cluster) } },
      });
    });

    it("gives Velero's service account exactly the object-store permissions of the AWS plugin, on its bucket", () => {
      const bucketRef = `\${aws_s3_bucket.${/aws_s3_bucket\.([^.]+)\./.exec(String(resources.get('aws_s3_bucket_versioning')!.bucket))![1]}.arn}`;
      const statements = roleStatements(json, platformRoleName(cluster, 'velero'));
      expect(statements.map((statement) => [statement.sid, statement.actions, statement.resources])).toEqual([
        ['ListBackupBucket', ['s3:ListBucket'], [bucketRef]],
        [
          'ReadWriteBackupObjects',
          ['s3:GetObject', 's3:DeleteObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          [`${bucketRef}/*`],
        ],
        ['EncryptBackupObjects', ['kms:Decrypt', 'kms:GenerateDataKey'], [expect.stringMatching(/aws_kms_key\./)]],
      ]);
      expect(statements[2]!.condition).toEqual([
        { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${region}.amazonaws.com`] },
      ]);
      expect(JSON.stringify(statements)).not.toMatch(/ec2:|"\*"/);
      const { namespace, serviceAccount } = platformServiceAccount('velero');
      expect(
        all(json, 'aws_eks_pod_identity_association').filter(
          (association) => association.namespace === namespace && association.service_account === serviceAccount,
        ),
      ).toHaveLength(1);
    });
  });

  it("locks for the cluster's own retention when it sets one", () => {
    const cluster = withBackup(staging, 12);
    const resources = bucketResources(synthStack(cluster), veleroBucketName(cluster));
    expect(resources.get('aws_s3_bucket_object_lock_configuration')).toMatchObject({
      rule: { default_retention: { days: 12 } },
    });
  });
});
