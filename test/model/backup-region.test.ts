import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { backupCopyRegion, PAIRED_REGION } from '../../lib/model/backup-region';

describe('backupCopyRegion', () => {
  it("defaults to the region paired with the cluster's own", () => {
    for (const [region, paired] of Object.entries(PAIRED_REGION)) {
      expect(backupCopyRegion({ name: 'c', awsRegion: region })).toBe(paired);
      expect(paired).not.toBe(region);
    }
  });

  it("takes the cluster's own setting over the pairing", () => {
    expect(backupCopyRegion({ name: 'c', awsRegion: 'eu-central-1', backupCopyRegion: 'eu-north-1' })).toBe(
      'eu-north-1',
    );
  });

  it("refuses a copy region equal to the cluster's region, naming the cluster file and field", () => {
    expect(() =>
      backupCopyRegion({ name: 'production-fra', awsRegion: 'eu-central-1', backupCopyRegion: 'eu-central-1' }),
    ).toThrow(
      new ConfigError(
        { file: 'clusters/production-fra.ts', cluster: 'production-fra', field: 'backupCopyRegion' },
        "backup copies must leave the cluster's region: eu-central-1 is the cluster's own region; expected another region (e.g. eu-west-1)",
      ),
    );
  });

  it('refuses a region without a default pairing unless the cluster sets one', () => {
    expect(() => backupCopyRegion({ name: 'far', awsRegion: 'sa-east-1' })).toThrow(
      new ConfigError(
        { file: 'clusters/far.ts', cluster: 'far', field: 'backupCopyRegion' },
        'no default backup copy region for sa-east-1: set backupCopyRegion to a region other than sa-east-1',
      ),
    );
    expect(backupCopyRegion({ name: 'far', awsRegion: 'sa-east-1', backupCopyRegion: 'us-east-1' })).toBe('us-east-1');
  });
});
