import { ElasticacheReplicationGroup } from '@cdktn/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktn/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktn/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktn/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export const CACHE_PORT = 6379;

export interface CacheProps {
  readonly replicationGroupId: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly nodeType: string;
  /** More than one node turns on automatic failover and Multi-AZ. */
  readonly nodes: number;
  readonly snapshotRetentionDays: number;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly clientSecurityGroupId: string;
  readonly encryptionKeyArn: string;
}

/**
 * ElastiCache (Valkey) with TLS in transit, encryption at rest and RBAC authentication: the default user is
 * switched off and the application user authenticates with IAM, so no password exists anywhere.
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly appUser: ElasticacheUser;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const name = props.replicationGroupId;
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', { name, subnetIds: props.subnetIds });
    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${name}`,
      description: `Cache ${name}: only the EKS nodes`,
      vpcId: props.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: securityGroup.id,
      description: 'Valkey from the EKS nodes',
      ipProtocol: 'tcp',
      fromPort: CACHE_PORT,
      toPort: CACHE_PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });
    const defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${name}-default`,
      userName: 'default',
      engine: props.engine,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    this.appUser = new ElasticacheUser(this, 'app-user', {
      userId: `${name}-app`,
      userName: `${name}-app`,
      engine: props.engine,
      accessString: 'on ~* +@all -@dangerous',
      authenticationMode: { type: 'iam' },
    });
    const users = new ElasticacheUserGroup(this, 'users', {
      userGroupId: name,
      engine: props.engine,
      userIds: [defaultUser.userId, this.appUser.userId],
    });
    const highlyAvailable = props.nodes > 1;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: name,
      description: `Cache of ${name}`,
      engine: props.engine,
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numCacheClusters: props.nodes,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      port: CACHE_PORT,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroup.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.encryptionKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [users.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      autoMinorVersionUpgrade: 'true',
    });
  }
}
