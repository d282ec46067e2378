import { ConfigError } from '../errors';

/**
 * The region a cluster's backups are copied to by default: another region of the same jurisdiction and
 * continent, so a regional outage never takes the backups with it.
 */
export const PAIRED_REGION: Readonly<Record<string, string>> = {
  'eu-west-1': 'eu-central-1',
  'eu-central-1': 'eu-west-1',
  'eu-west-2': 'eu-west-1',
  'eu-west-3': 'eu-central-1',
  'eu-north-1': 'eu-central-1',
  'us-east-1': 'us-west-2',
  'us-east-2': 'us-west-2',
  'us-west-2': 'us-east-1',
  'ap-southeast-2': 'ap-southeast-4',
  'ap-northeast-1': 'ap-northeast-3',
};

/**
 * The region that receives a cluster's backup copies (database backups, Velero's bucket): its
 * `backupCopyRegion`, else PAIRED_REGION of its region. Resolved only where a copy is made, so a cluster in a
 * region without a pairing needs the setting only once it copies. The cluster's own region, or no region at all,
 * is an input error naming the field.
 */
export function backupCopyRegion(cluster: {
  readonly name: string;
  readonly awsRegion: string;
  readonly backupCopyRegion?: string;
}): string {
  const where = { file: `clusters/${cluster.name}.ts`, cluster: cluster.name, field: 'backupCopyRegion' };
  const copyRegion = cluster.backupCopyRegion ?? PAIRED_REGION[cluster.awsRegion];
  if (copyRegion === undefined) {
    throw new ConfigError(
      where,
      `no default backup copy region for ${cluster.awsRegion}: set backupCopyRegion to a region other than ${cluster.awsRegion}`,
    );
  }
  const problem = backupCopyRegionProblem(cluster.awsRegion, copyRegion);
  if (problem !== undefined) throw new ConfigError(where, problem);
  return copyRegion;
}

/** What is wrong with a copy region for a cluster in `region`, if anything. */
export function backupCopyRegionProblem(region: string, copyRegion: string): string | undefined {
  if (copyRegion !== region) return undefined;
  return (
    `backup copies must leave the cluster's region: ${copyRegion} is the cluster's own region; ` +
    `expected another region (e.g. ${PAIRED_REGION[region] ?? 'a neighbouring one'})`
  );
}
