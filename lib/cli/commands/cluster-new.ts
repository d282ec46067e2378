import { newCluster } from '../../clusters/new-cluster';
import { FAULT_VARIABLE } from '../../transaction/fault';
import { parseFlags, type Command } from '../command';
import { synthCommand } from './synth';

const HELP = {
  command: 'cluster:new',
  summary:
    "Adds a cluster in one step: clusters/<name>.ts copied from an existing cluster (its apps, overrides, platform and Argo CD settings) with the new account, region, base domain and VPC, its release pins (a gated cluster's come from an initial promotion from its promotion.from cluster), then synth writes generated/<name>/, argocd/<name>-root.yaml, .github/CODEOWNERS and docs/clusters.md.",
  flags: {
    name: { type: 'string', value: '<name>', description: 'the new cluster (a DNS-1123 label)' },
    from: { type: 'string', value: '<cluster>', description: 'the cluster whose definition is copied' },
    region: { type: 'string', value: '<aws-region>', description: 'its AWS region, for example eu-central-1' },
    account: { type: 'string', value: '<12 digits>', description: 'its AWS account id' },
    'base-domain': { type: 'string', value: '<domain>', description: 'its public DNS zone, unique across clusters' },
    'vpc-cidr': { type: 'string', value: '<cidr>', description: 'its VPC range, overlapping no other cluster' },
    environment: {
      type: 'string',
      value: 'staging|production',
      description: "the kind of environment (default: the source's)",
    },
    'promoted-from': {
      type: 'string',
      value: '<cluster>',
      description: "gate it: promoted from this cluster (default: the source's promotion, if any)",
    },
  },
  examples: [
    'npm run cluster:new -- --name production-eu --from production --region eu-central-1 \\',
    '    --account 333333333333 --base-domain eu.example.com --vpc-cidr 10.40.0.0/16',
    'npm run cluster:new -- --name staging-us --from staging --region us-east-1 --account 444444444444 \\',
    '    --base-domain staging-us.example.com --vpc-cidr 10.50.0.0/16',
  ],
} as const;

/** `npm run cluster:new -- --name <name> --from <cluster> --region ... --account ... --base-domain ... --vpc-cidr ...` */
export const clusterNewCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const result = await newCluster(
    io.root,
    {
      name: flags.name ?? '',
      from: flags.from ?? '',
      awsRegion: flags.region ?? '',
      awsAccountId: flags.account ?? '',
      baseDomain: flags['base-domain'] ?? '',
      vpcCidr: flags['vpc-cidr'] ?? '',
      ...(flags.environment === undefined ? {} : { environment: flags.environment }),
      ...(flags['promoted-from'] === undefined ? {} : { promotedFrom: flags['promoted-from'] }),
    },
    { notice: io.error, fault: io.env[FAULT_VARIABLE] },
  );
  const how = result.gated ? `an initial promotion from ${result.pinsFrom}` : `the pins of ${result.pinsFrom}`;
  io.log(`${flags.name}: wrote ${result.file} and ${result.written.length - 1} files from ${how}.`);
  // The files derived from every cluster (the bootstrap root, CODEOWNERS) follow the new cluster list.
  const synth = await synthCommand({ ...io, args: [] });
  if ((synth ?? 0) !== 0) return synth;
  io.log(
    'Next: review and commit the new files; provision the AWS side with `npm run infra:synth -- --cluster ' +
      flags.name +
      '` (see infra/README.md), then bootstrap Argo CD (argocd/README.md).',
  );
  return 0;
};
