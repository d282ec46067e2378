import { DbInstanceAutomatedBackupsReplication } from '@cdktn/provider-aws/lib/db-instance-automated-backups-replication';
import { Construct } from 'constructs';
import { ConfigError } from '../../lib/errors';
import { EncryptionKey, useThroughServices } from './encryption-key';

/** RDS keeps (and replicates) automated backups for at most 35 days. */
export const MAX_REPLICATED_RETENTION_DAYS = 35;

export interface DatabaseBackupReplicationProps {
  readonly name: string;
  readonly accountId: string;
  readonly databaseArn: string;
  /** The cluster's region; the replica lives in `copyRegion`, never here. */
  readonly region: string;
  readonly copyRegion: string;
  readonly retentionDays: number;
  readonly keyDeletionWindowDays: number;
}

/**
 * Cross-region automated backups of the database: RDS copies every snapshot and, continuously, the transaction
 * logs to the copy region, so the database can be restored there to any point in time of the retention, minutes
 * behind the source (within the 1-hour RPO), where AWS Backup's daily copy alone would lose up to a day.
 * Encrypted with a key of its own in the copy region (a KMS key never leaves its region), usable only by RDS there.
 */
export class DatabaseBackupReplication extends Construct {
  readonly replication: DbInstanceAutomatedBackupsReplication;
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: DatabaseBackupReplicationProps) {
    super(scope, id);
    if (props.copyRegion === props.region) {
      throw new ConfigError(
        { field: 'backupCopyRegion' },
        `the replication region ${props.copyRegion} is the database's own region; expected another region`,
      );
    }
    if (props.retentionDays < 1 || props.retentionDays > MAX_REPLICATED_RETENTION_DAYS) {
      throw new ConfigError(
        { file: 'infra/settings.ts', field: 'databaseBackupRetentionDays' },
        `${props.retentionDays} days cannot be replicated: RDS keeps replicated automated backups for 1 to ${MAX_REPLICATED_RETENTION_DAYS} days`,
      );
    }
    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-database-replica`,
      description: `Cross-region automated backups of RDS instance ${props.name}`,
      deletionWindowDays: props.keyDeletionWindowDays,
      accountId: props.accountId,
      region: props.copyRegion,
    });
    this.key.attachPolicy(useThroughServices('RdsUsesKey', props.accountId, props.copyRegion, ['rds']));
    this.replication = new DbInstanceAutomatedBackupsReplication(this, 'replication', {
      sourceDbInstanceArn: props.databaseArn,
      kmsKeyId: this.key.arn,
      retentionPeriod: props.retentionDays,
      region: props.copyRegion,
    });
  }
}
