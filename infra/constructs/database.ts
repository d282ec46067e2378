import { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktn/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktn/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export const POSTGRES_PORT = 5432;

export interface DatabaseProps {
  readonly identifier: string;
  /** PostgreSQL major version (the parameter group family is `postgres<major>`). */
  readonly engineVersion: string;
  /**
   * PostgreSQL's max_connections, set in the instance's parameter group rather than left to RDS's
   * memory-based default, so that the connection alerts know the limit (databaseMaxConnections in lib/naming.ts).
   */
  readonly maxConnections: number;
  readonly instanceClass: string;
  readonly storageGi: number;
  readonly maxStorageGi: number;
  readonly backupRetentionDays: number;
  readonly multiAz: boolean;
  readonly deletionProtection: boolean;
  /** Performance Insights (7 days, free tier), encrypted with the same key. */
  readonly performanceInsights: boolean;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** The only security group whose members may connect: the cluster's nodes. */
  readonly clientSecurityGroupId: string;
  readonly encryptionKeyArn: string;
}

/**
 * RDS PostgreSQL in the database subnets: encrypted with the environment's key, master password generated
 * and rotated by RDS in Secrets Manager (never in Terraform state), reachable only from the cluster's nodes.
 */
export class Database extends Construct {
  readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const subnets = new DbSubnetGroup(this, 'subnets', { name: props.identifier, subnetIds: props.subnetIds });
    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.identifier}-db`,
      description: `PostgreSQL ${props.identifier}: only the EKS nodes`,
      vpcId: props.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: securityGroup.id,
      description: 'PostgreSQL from the EKS nodes',
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });
    // max_connections is static: a change applies at the next reboot (RDS shows the instance pending-reboot).
    const parameters = new DbParameterGroup(this, 'parameters', {
      name: props.identifier,
      family: `postgres${props.engineVersion}`,
      description: `PostgreSQL ${props.identifier}: max_connections known to the alerts`,
      parameter: [{ name: 'max_connections', value: String(props.maxConnections), applyMethod: 'pending-reboot' }],
    });
    this.instance = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: props.engineVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      allocatedStorage: props.storageGi,
      maxAllocatedStorage: props.maxStorageGi,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKeyArn,
      username: 'postgres',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.encryptionKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnets.name,
      parameterGroupName: parameters.name,
      vpcSecurityGroupIds: [securityGroup.id],
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      multiAz: props.multiAz,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: '02:00-03:00',
      maintenanceWindow: 'sun:04:00-sun:05:00',
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: props.deletionProtection ? `${props.identifier}-final` : undefined,
      performanceInsightsEnabled: props.performanceInsights,
      performanceInsightsKmsKeyId: props.performanceInsights ? props.encryptionKeyArn : undefined,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
  }
}
