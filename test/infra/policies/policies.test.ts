import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import { EksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktn/provider-aws/lib/eks-node-group';
import { ElasticacheReplicationGroup } from '@cdktn/provider-aws/lib/elasticache-replication-group';
import { IamPolicy } from '@cdktn/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktn/provider-aws/lib/kms-key-policy';
import { LaunchTemplate } from '@cdktn/provider-aws/lib/launch-template';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { Testing } from 'cdktn';
import { type Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  checkPolicies,
  encryptedStores,
  explicitKeyPolicies,
  formatViolation,
  imdsv2Required,
  noIamWildcardAdmin,
  privateBuckets,
  productionDeletionProtection,
  replaceableNodeGroups,
  type Policy,
  type TerraformJson,
} from '../../../infra/policies';
import { production, staging, synthStack } from '../helpers';

/** Synthesizes a few resources on their own: a deliberately bad (or good) fixture. */
function fixture(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

function messages(policy: Policy, json: TerraformJson, production = false): string[] {
  return policy.check(json, { production }).map(formatViolation);
}

describe.each([
  { cluster: staging, production: false },
  { cluster: production, production: true },
])('the $cluster.name stack', ({ cluster, production: isProduction }) => {
  it('passes every policy', () => {
    expect(checkPolicies(synthStack(cluster), { production: isProduction }).map(formatViolation)).toEqual([]);
  });
});

describe('encrypted-stores', () => {
  it('fails on a bucket without server-side encryption', () => {
    const json = fixture((scope) => new S3Bucket(scope, 'logs', { bucket: 'logs' }));
    expect(messages(encryptedStores, json)).toEqual([
      '[encrypted-stores] aws_s3_bucket.logs: bucket has no aws_s3_bucket_server_side_encryption_configuration',
    ]);
  });

  it('fails on an unencrypted database', () => {
    const json = fixture(
      (scope) =>
        new DbInstance(scope, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres', storageEncrypted: false }),
    );
    expect(messages(encryptedStores, json)).toEqual([
      '[encrypted-stores] aws_db_instance.db: storage_encrypted is not true',
    ]);
  });

  it('fails on a cache without TLS or encryption at rest', () => {
    const json = fixture(
      (scope) => new ElasticacheReplicationGroup(scope, 'cache', { replicationGroupId: 'cache', description: 'cache' }),
    );
    expect(messages(encryptedStores, json)).toEqual([
      '[encrypted-stores] aws_elasticache_replication_group.cache: at_rest_encryption_enabled is not true',
      '[encrypted-stores] aws_elasticache_replication_group.cache: transit_encryption_enabled is not true',
    ]);
  });

  it('fails on an EKS cluster without secrets encryption and on unencrypted node volumes', () => {
    const json = fixture((scope) => {
      new EksCluster(scope, 'eks', { name: 'eks', roleArn: 'arn', vpcConfig: { subnetIds: ['a'] } });
      new LaunchTemplate(scope, 'nodes', {
        metadataOptions: { httpTokens: 'required' },
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20 } }],
      });
    });
    expect(messages(encryptedStores, json)).toEqual([
      '[encrypted-stores] aws_eks_cluster.eks: Kubernetes secrets are not encrypted with a KMS key (encryption_config)',
      '[encrypted-stores] aws_launch_template.nodes: volume /dev/xvda is not encrypted',
    ]);
  });
});

describe('private-buckets', () => {
  it('fails on a bucket with no public access block', () => {
    const json = fixture((scope) => new S3Bucket(scope, 'logs', { bucket: 'logs' }));
    expect(messages(privateBuckets, json)).toEqual([
      '[private-buckets] aws_s3_bucket.logs: bucket has no aws_s3_bucket_public_access_block',
    ]);
  });

  it('fails on a public access block that leaves public policies allowed', () => {
    const json = fixture((scope) => {
      const bucket = new S3Bucket(scope, 'site', { bucket: 'site' });
      new S3BucketPublicAccessBlock(scope, 'site-block', {
        bucket: bucket.id,
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      });
    });
    expect(messages(privateBuckets, json)).toEqual([
      '[private-buckets] aws_s3_bucket_public_access_block.site-block: public access is not blocked: block_public_policy, restrict_public_buckets not true',
    ]);
  });
});

describe('imdsv2-required', () => {
  it('fails on a launch template that still answers IMDSv1', () => {
    const json = fixture(
      (scope) =>
        new LaunchTemplate(scope, 'nodes', { metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional' } }),
    );
    expect(messages(imdsv2Required, json)).toEqual([
      '[imdsv2-required] aws_launch_template.nodes: metadata_options.http_tokens is "optional", expected "required"',
    ]);
  });

  it('fails on a node group without a launch template', () => {
    const json = fixture(
      (scope) =>
        new EksNodeGroup(scope, 'nodes', {
          clusterName: 'eks',
          nodeRoleArn: 'arn',
          subnetIds: ['a'],
          scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
        }),
    );
    expect(messages(imdsv2Required, json)).toEqual([
      '[imdsv2-required] aws_eks_node_group.nodes: node group has no launch template, so its instances keep the default (IMDSv1 allowed)',
    ]);
  });
});

describe('production-deletion-protection', () => {
  const json = fixture((scope) => {
    new DbInstance(scope, 'db', { instanceClass: 'db.t4g.micro', storageEncrypted: true });
    new EksCluster(scope, 'eks', { name: 'eks', roleArn: 'arn', vpcConfig: { subnetIds: ['a'] } });
  });

  it('fails on a production database or cluster without deletion protection', () => {
    expect(messages(productionDeletionProtection, json, true)).toEqual([
      '[production-deletion-protection] aws_db_instance.db: deletion_protection is not true in production',
      '[production-deletion-protection] aws_eks_cluster.eks: deletion_protection is not true in production',
    ]);
  });

  it('does not apply to staging', () => {
    expect(messages(productionDeletionProtection, json, false)).toEqual([]);
  });

  it('fails on the production stack when its settings turn protection off', async () => {
    const { infraSettings } = await import('../../../infra/settings');
    const settings = { ...infraSettings(production.environment), databaseDeletionProtection: false };
    const violations = productionDeletionProtection.check(synthStack(production, undefined, settings), {
      production: true,
    });
    expect(violations.map((violation) => violation.message)).toEqual(['deletion_protection is not true in production']);
  });
});

describe('no-iam-wildcard-admin', () => {
  it('fails on a policy document allowing "*" on "*"', () => {
    const json = fixture(
      (scope) =>
        new DataAwsIamPolicyDocument(scope, 'admin', {
          statement: [
            { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::logs/*'] },
            { effect: 'Allow', actions: ['*'], resources: ['*'] },
          ],
        }),
    );
    expect(messages(noIamWildcardAdmin, json)).toEqual([
      '[no-iam-wildcard-admin] data.aws_iam_policy_document.admin: statement 1 allows "*" on "*"',
    ]);
  });

  it('fails on a literal JSON policy allowing "*" on "*"', () => {
    const json = fixture(
      (scope) =>
        new IamPolicy(scope, 'admin', {
          name: 'admin',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }),
        }),
    );
    expect(messages(noIamWildcardAdmin, json)).toEqual([
      '[no-iam-wildcard-admin] aws_iam_policy.admin: statement 0 allows "*" on "*"',
    ]);
  });

  it('fails on attaching AdministratorAccess', () => {
    const json = fixture(
      (scope) =>
        new IamRolePolicyAttachment(scope, 'admin', {
          role: 'ci',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
    );
    expect(messages(noIamWildcardAdmin, json)).toEqual([
      '[no-iam-wildcard-admin] aws_iam_role_policy_attachment.admin: attaches arn:aws:iam::aws:policy/AdministratorAccess, which allows "*" on "*"',
    ]);
  });

  it('accepts a deny on everything and an allow scoped to one resource', () => {
    const json = fixture(
      (scope) =>
        new DataAwsIamPolicyDocument(scope, 'ok', {
          statement: [
            { effect: 'Deny', actions: ['*'], resources: ['*'] },
            { actions: ['*'], resources: ['arn:aws:s3:::logs'] },
          ],
        }),
    );
    expect(messages(noIamWildcardAdmin, json)).toEqual([]);
  });
});

describe('explicit-key-policies', () => {
  it('fails on a key left with the default policy', () => {
    const json = fixture((scope) => new KmsKey(scope, 'key', { description: 'k' }));
    expect(messages(explicitKeyPolicies, json)).toEqual([
      '[explicit-key-policies] aws_kms_key.key: no key policy: the default policy lets any IAM-allowed principal of the account use the key',
    ]);
  });

  it('fails on a key policy that lets the whole account use the key directly', () => {
    const json = fixture((scope) => {
      const key = new KmsKey(scope, 'key', { description: 'k' });
      const document = new DataAwsIamPolicyDocument(scope, 'doc', {
        statement: [
          {
            sid: 'Everyone',
            actions: ['kms:Decrypt', 'kms:DescribeKey'],
            resources: ['*'],
            principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }],
          },
        ],
      });
      new KmsKeyPolicy(scope, 'policy', { keyId: key.keyId, policy: document.json });
    });
    expect(messages(explicitKeyPolicies, json)).toEqual([
      '[explicit-key-policies] data.aws_iam_policy_document.doc: statement "Everyone" lets the whole account kms:Decrypt the key; expected kms:ViaService and kms:CallerAccount conditions, or a named principal',
    ]);
  });
});

describe('replaceable-node-groups', () => {
  it('fails on a fixed name, no create-before-destroy and a managed desired size', () => {
    const json = fixture(
      (scope) =>
        new EksNodeGroup(scope, 'nodes', {
          clusterName: 'eks',
          nodeGroupName: 'default',
          nodeRoleArn: 'arn',
          subnetIds: ['a'],
          scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
        }),
    );
    expect(messages(replaceableNodeGroups, json)).toEqual([
      '[replaceable-node-groups] aws_eks_node_group.nodes: fixed node_group_name: a replacement must destroy the group first; use node_group_name_prefix',
      '[replaceable-node-groups] aws_eks_node_group.nodes: no lifecycle.create_before_destroy: a replacement-forcing change drains every node first',
      '[replaceable-node-groups] aws_eks_node_group.nodes: lifecycle.ignore_changes lacks "scaling_config[0].desired_size": every apply resets the group size',
    ]);
  });
});
