import { Cloudtrail } from '@cdktn/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import { EksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktn/provider-aws/lib/secretsmanager-secret-rotation';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { Wafv2WebAclLoggingConfiguration } from '@cdktn/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Testing } from 'cdktn';
import { type Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Edge } from '../../../infra/constructs/edge';
import {
  cloudtrailSecretAudit,
  defaultSecurityGroupClosed,
  eksPrivateEndpoint,
  formatViolation,
  secretRotation,
  wafLogging,
  type Policy,
  type TerraformJson,
} from '../../../infra/policies';
import { apiPublicAccessCidrs } from '../../../infra/stacks/environment-stack';
import { production, staging, synthStack } from '../helpers';

function fixture(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

const messages = (policy: Policy, json: TerraformJson, isProduction = false) =>
  policy.check(json, { production: isProduction }).map(formatViolation);

describe.each([
  { cluster: staging, isProduction: false },
  { cluster: production, isProduction: true },
])('the $cluster.name stack', ({ cluster, isProduction }) => {
  const json = synthStack(cluster);
  it.each([eksPrivateEndpoint, defaultSecurityGroupClosed, wafLogging, cloudtrailSecretAudit, secretRotation])(
    'passes $id',
    (policy) => {
      expect(messages(policy, json, isProduction)).toEqual([]);
    },
  );
});

describe('eks-private-endpoint', () => {
  // The endpoint as it was before issue 12: public to everyone in both clusters.
  const before = fixture((scope) => {
    new EksCluster(scope, 'eks', {
      name: 'eks',
      roleArn: 'arn',
      vpcConfig: {
        subnetIds: ['a'],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
    });
  });

  it('fails the endpoint of before issue 12 in production', () => {
    expect(messages(eksPrivateEndpoint, before, true)).toEqual([
      '[eks-private-endpoint] aws_eks_cluster.eks: the production API endpoint is public to 0.0.0.0/0',
    ]);
  });

  it('fails a public endpoint without CIDRs (EKS defaults them to 0.0.0.0/0) and a private endpoint turned off', () => {
    const json = fixture((scope) => {
      new EksCluster(scope, 'eks', {
        name: 'eks',
        roleArn: 'arn',
        vpcConfig: { subnetIds: ['a'], endpointPrivateAccess: false, endpointPublicAccess: true },
      });
    });
    expect(messages(eksPrivateEndpoint, json)).toEqual([
      '[eks-private-endpoint] aws_eks_cluster.eks: endpoint_private_access is not true',
      '[eks-private-endpoint] aws_eks_cluster.eks: the public endpoint has no public_access_cidrs, so EKS opens it to 0.0.0.0/0',
    ]);
  });

  it('keeps the endpoint private unless the cluster definition lists CIDRs, and fails 0.0.0.0/0 in production', () => {
    const vpcConfig = (json: TerraformJson) =>
      (Object.values(json.resource?.aws_eks_cluster ?? {})[0] as { vpc_config: Record<string, unknown> }).vpc_config;
    expect(vpcConfig(synthStack({ ...staging, apiPublicAccessCidrs: undefined }))).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    const office = synthStack({ ...staging, apiPublicAccessCidrs: ['203.0.113.0/24'] });
    expect(vpcConfig(office)).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    const open = synthStack({ ...production, apiPublicAccessCidrs: ['0.0.0.0/0'] });
    expect(messages(eksPrivateEndpoint, open, true)).toEqual([
      expect.stringContaining('the production API endpoint is public to 0.0.0.0/0'),
    ]);
  });

  it('refuses a CIDR that is not one, naming the cluster file and field', () => {
    expect(() =>
      apiPublicAccessCidrs({ ...staging, apiPublicAccessCidrs: ['203.0.113.0/24', '10.0.0.300/8'] }),
    ).toThrow('"10.0.0.300/8" is not an IPv4 CIDR block (for example "10.20.0.0/16")');
  });
});

describe('default-security-group-closed', () => {
  it('fails a VPC whose default security group is unmanaged, as before issue 12', () => {
    const json = fixture((scope) => new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' }));
    expect(messages(defaultSecurityGroupClosed, json)).toEqual([
      '[default-security-group-closed] aws_vpc.vpc: the default security group is unmanaged (add aws_default_security_group with no rules)',
    ]);
  });

  it('fails a managed default group that still allows traffic', () => {
    const json = fixture((scope) => {
      const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
      new DefaultSecurityGroup(scope, 'default', {
        vpcId: vpc.id,
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
      });
    });
    expect(messages(defaultSecurityGroupClosed, json)).toEqual([
      '[default-security-group-closed] aws_default_security_group.default: has egress rules',
    ]);
  });
});

describe('waf-logging', () => {
  const edge = (scope: Construct) =>
    new Edge(scope, 'edge', {
      zoneName: 'example.com',
      certificateDomainNames: ['example.com'],
      webAclName: 'acl',
      rateLimitPerMinute: 100,
    });

  it('fails the web ACL of before issue 12, which logged nothing', () => {
    const json = fixture((scope) => void edge(scope));
    expect(messages(wafLogging, json)).toEqual([
      '[waf-logging] aws_wafv2_web_acl.edge_web-acl_CF2D5BA8: has no aws_wafv2_web_acl_logging_configuration',
    ]);
  });

  it('fails a log group WAF cannot deliver to, and logs that keep the Cookie header', () => {
    const json = fixture((scope) => {
      const group = new CloudwatchLogGroup(scope, 'group', { name: 'waf-acl', retentionInDays: 30 });
      new Wafv2WebAclLoggingConfiguration(scope, 'logging', {
        resourceArn: edge(scope).webAcl.arn,
        logDestinationConfigs: [group.arn],
        redactedFields: [{ singleHeader: { name: 'authorization' } }],
      });
    });
    expect(messages(wafLogging, json).map((message) => message.replace(/^.*?: /, ''))).toEqual([
      'does not log to a log group of the stack named aws-waf-logs-*',
      'does not redact the cookie header(s)',
    ]);
  });
});

describe('cloudtrail-secret-audit', () => {
  it('fails a stack without a trail, as before issue 12', () => {
    const json = fixture((scope) => void new S3Bucket(scope, 'logs', { bucket: 'logs' }));
    expect(messages(cloudtrailSecretAudit, json)).toEqual([
      '[cloudtrail-secret-audit] aws_cloudtrail: the stack has no CloudTrail trail',
    ]);
  });

  it('fails a write-only, single-region, unencrypted trail into a plain bucket', () => {
    const json = fixture((scope) => {
      const bucket = new S3Bucket(scope, 'trail-bucket', { bucket: 'trail' });
      new Cloudtrail(scope, 'trail', {
        name: 'trail',
        s3BucketName: bucket.id,
        eventSelector: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }],
      });
    });
    expect(messages(cloudtrailSecretAudit, json).map((message) => message.replace(/^\[[^\]]+\] /, ''))).toEqual([
      'aws_cloudtrail.trail: is_multi_region_trail is not true',
      'aws_cloudtrail.trail: enable_log_file_validation is not true',
      'aws_cloudtrail.trail: log files are not encrypted with KMS (kms_key_id)',
      'aws_cloudtrail.trail: does not record every management event, reads included (GetSecretValue is a read)',
      'aws_s3_bucket.trail-bucket: object_lock_enabled is not true',
      'aws_s3_bucket.trail-bucket: is not versioned',
      'aws_s3_bucket.trail-bucket: has no default object lock retention',
      'aws_s3_bucket.trail-bucket: has no server access logging',
      'aws_s3_bucket.trail-bucket: has no bucket policy limiting CloudTrail by aws:SourceArn',
    ]);
  });
});

describe('secret-rotation', () => {
  const database = (scope: Construct) =>
    new DbInstance(scope, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres', manageMasterUserPassword: true });

  it('fails an RDS-managed master secret without a rotation schedule and secrets without a reminder, as before issue 12', () => {
    const json = fixture((scope) => {
      database(scope);
      new SecretsmanagerSecret(scope, 'app', { name: 'staging/apps/web' });
    });
    expect(messages(secretRotation, json)).toEqual([
      '[secret-rotation] aws_db_instance.db: its managed master secret has no aws_secretsmanager_secret_rotation',
      '[secret-rotation] aws_scheduler_schedule: 1 secret(s) AWS cannot rotate and no scheduled rotation reminder',
    ]);
  });

  it('fails a schedule longer than 90 days', () => {
    const json = fixture((scope) => {
      const db = database(scope);
      new SecretsmanagerSecretRotation(scope, 'rotation', {
        secretId: db.masterUserSecret.get(0).secretArn,
        rotationRules: { automaticallyAfterDays: 365 },
      });
    });
    expect(messages(secretRotation, json)).toEqual([
      '[secret-rotation] aws_secretsmanager_secret_rotation.rotation: rotates every 365 days; at most 90',
    ]);
  });
});
