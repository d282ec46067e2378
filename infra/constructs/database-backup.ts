import { BackupPlan } from '@cdktn/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktn/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktn/provider-aws/lib/backup-vault';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { BackupVaultLockConfiguration } from '@cdktn/provider-aws/lib/backup-vault-lock-configuration';
import { ConfigError } from '../../lib/errors';
import { type BackupVaultLockSettings } from '../settings';
import { EncryptionKey, useThroughServices } from './encryption-key';
import { serviceTrust } from './policy-document';

export interface DatabaseBackupProps {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly databaseArn: string;
  readonly retentionDays: number;
  /** Days before a scheduled deletion of the vault keys happens. */
  readonly keyDeletionWindowDays: number;
  /** Vault lock of both vaults (the plan's retention must lie within its bounds). */
  readonly lock: BackupVaultLockSettings;
  /** Copy every recovery point to a vault in this region (never the vault's own). @default no copy */
  readonly copyRegion?: string;
}

/**
 * An AWS Backup plan for the database: a daily recovery point in a locked vault encrypted with a key of its
 * own (not the database's: losing or disabling that key must not take the backups with it), kept as long as
 * the automated backups, and optionally copied to a locked vault in a second region.
 */
export class DatabaseBackup extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const { lock } = props;
    if (props.retentionDays < lock.minRetentionDays || props.retentionDays > lock.maxRetentionDays) {
      throw new ConfigError(
        { file: 'infra/settings.ts', field: 'databaseBackupRetentionDays' },
        `${props.retentionDays} days is outside the backup vault lock's ${lock.minRetentionDays}-${lock.maxRetentionDays} days: ` +
          'AWS Backup would refuse every recovery point',
      );
    }
    if (props.copyRegion === props.region) {
      throw new ConfigError(
        { file: 'infra/settings.ts', field: 'backupCopyRegion' },
        `the backup copy region ${props.copyRegion} is the vault's own region; expected another region`,
      );
    }
    const vault = this.lockedVault('vault', props.name, props.region, undefined, props);
    const copyVault =
      props.copyRegion === undefined
        ? undefined
        : this.lockedVault('copy-vault', `${props.name}-copy`, props.copyRegion, props.copyRegion, props);
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

  /** A vault with its own key (usable only through AWS Backup in that region) and the vault lock. */
  private lockedVault(
    id: string,
    name: string,
    region: string,
    providerRegion: string | undefined,
    props: DatabaseBackupProps,
  ): BackupVault {
    const key = new EncryptionKey(this, `${id}-key`, {
      alias: `${name}-backup`,
      description: `AWS Backup vault ${name}`,
      deletionWindowDays: props.keyDeletionWindowDays,
      accountId: props.accountId,
      region: providerRegion,
    });
    key.attachPolicy(useThroughServices('BackupUsesKey', props.accountId, region, ['backup']));
    const vault = new BackupVault(this, id, { name, kmsKeyArn: key.arn, region: providerRegion });
    new BackupVaultLockConfiguration(this, `${id}-lock`, {
      backupVaultName: vault.name,
      minRetentionDays: props.lock.minRetentionDays,
      maxRetentionDays: props.lock.maxRetentionDays,
      // Without changeable_for_days the lock is in governance mode; with it, compliance after that grace.
      changeableForDays: props.lock.mode === 'compliance' ? (props.lock.changeableForDays ?? 3) : undefined,
      region: providerRegion,
    });
    return vault;
  }
}
