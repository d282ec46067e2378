import { BackupPlan } from '@cdktn/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktn/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktn/provider-aws/lib/backup-vault';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { EncryptionKey } from './encryption-key';
import { serviceTrust } from './policy-document';

export interface DatabaseBackupProps {
  readonly name: string;
  readonly databaseArn: string;
  readonly retentionDays: number;
  readonly encryptionKeyArn: string;
  /** Copy every recovery point to a vault in this region. @default no copy */
  readonly copyRegion?: string;
}

/**
 * An AWS Backup plan for the database: a daily recovery point in an encrypted vault, kept as long as the
 * automated backups, and (production) copied to a second region.
 */
export class DatabaseBackup extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const vault = new BackupVault(this, 'vault', { name: props.name, kmsKeyArn: props.encryptionKeyArn });
    let copyVault: BackupVault | undefined;
    if (props.copyRegion !== undefined) {
      const copyKey = new EncryptionKey(this, 'copy-key', {
        alias: `${props.name}-backup-copy`,
        description: `Backup copies of ${props.name}`,
        deletionWindowDays: 30,
        region: props.copyRegion,
      });
      copyVault = new BackupVault(this, 'copy-vault', {
        name: `${props.name}-copy`,
        kmsKeyArn: copyKey.arn,
        region: props.copyRegion,
      });
    }
    this.plan = new BackupPlan(this, 'plan', {
      name: props.name,
      rule: [
        {
          ruleName: 'daily',
          targetVaultName: vault.name,
          schedule: 'cron(0 3 * * ? *)',
          startWindow: 60,
          completionWindow: 360,
          lifecycle: { deleteAfter: props.retentionDays },
          copyAction:
            copyVault === undefined
              ? undefined
              : [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: props.retentionDays } }],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: `${props.name}-backup`,
      assumeRolePolicy: serviceTrust(this, 'trust', 'backup.amazonaws.com'),
    });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      new IamRolePolicyAttachment(this, `role-${policy}`, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
      });
    }
    new BackupSelection(this, 'selection', {
      name: 'database',
      planId: this.plan.id,
      iamRoleArn: role.arn,
      resources: [props.databaseArn],
    });
  }
}
