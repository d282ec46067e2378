import { describe, expect, it } from 'vitest';
import { backupCopyRegion } from '../../../lib/model/backup-region';
import { infraSettings } from '../../../infra/settings';
import { all, documentOf, production, staging, synthStack } from '../helpers';

/** Production's settings with the copy on or off, whatever the repository's settings say. */
const copying = (backupCopy: boolean, databaseBackupRetentionDays?: number) => ({
  ...infraSettings(production.environment),
  backupCopy,
  ...(databaseBackupRetentionDays === undefined ? {} : { databaseBackupRetentionDays }),
});

describe('cross-region automated backups of the database', () => {
  const json = synthStack(production, undefined, copying(true));
  const region = backupCopyRegion(production);

  it('replicates the automated backups (snapshots and transaction logs) into the copy region for the retention', () => {
    const replications = all(json, 'aws_db_instance_automated_backups_replication');
    expect(replications).toHaveLength(1);
    expect(replications[0]).toMatchObject({
      region,
      retention_period: copying(true).databaseBackupRetentionDays,
      source_db_instance_arn: expect.stringMatching(/^\$\{aws_db_instance\.[^.]+\.arn\}$/),
    });
  });

  it('encrypts the replica with its own key in the copy region, usable only by RDS there', () => {
    const replication = all(json, 'aws_db_instance_automated_backups_replication')[0]!;
    const keyId = /aws_kms_key\.([^.]+)\.arn/.exec(String(replication.kms_key_id))![1]!;
    expect(json.resource!.aws_kms_key![keyId]).toMatchObject({ region, enable_key_rotation: true });
    const policy = all(json, 'aws_kms_key_policy').find((candidate) =>
      String(candidate.key_id).includes(`aws_kms_key.${keyId}.`),
    )!;
    const statements = documentOf(json, policy.policy).statement as {
      sid: string;
      condition?: { variable: string; values: string[] }[];
    }[];
    const use = statements.find((statement) => statement.sid === 'RdsUsesKey')!;
    expect(use.condition?.find((condition) => condition.variable === 'kms:ViaService')?.values).toEqual([
      `rds.${region}.amazonaws.com`,
    ]);
  });

  it('is not made where the environment does not copy backups', () => {
    expect(
      all(
        synthStack(staging, undefined, { ...infraSettings(staging.environment), backupCopy: false }),
        'aws_db_instance_automated_backups_replication',
      ),
    ).toEqual([]);
  });

  it('refuses a retention RDS cannot replicate, naming the setting', () => {
    expect(() =>
      synthStack(production, undefined, {
        ...copying(true, 36),
        backupVaultLock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 365 },
      }),
    ).toThrow(
      'infra/settings.ts: databaseBackupRetentionDays: 36 days cannot be replicated: RDS keeps replicated automated backups for 1 to 35 days',
    );
  });
});
