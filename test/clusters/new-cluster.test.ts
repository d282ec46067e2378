import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleasePins } from '../../lib/model/release-pins';
import { loadProject, type Project } from '../../lib/project/load';
import { copyRepository, runCli } from '../support/repo-copy';
import { tempRepos } from '../release/temp-repo';
import { freeVpcCidr, newClusterFlags } from '../support/new-cluster';
import { awsClustersOf } from '../support/aws-clusters';
import { isAwsCluster } from '../../lib/model/cluster';

const repo = tempRepos();

describe('npm run cluster:new', () => {
  it('makes an ungated cluster with the pins of the cluster it copies', async () => {
    const root = await repo();
    const project = await loadProject(root);
    const source = awsClustersOf(project.clusters).find((cluster) => cluster.definition.promotion === undefined)!;
    const cidr = freeVpcCidr(project);
    const name = `${source.definition.name}-us`;
    const result = await runCli(root, 'cluster-new', [
      ...['--name', name, '--from', source.definition.name, '--region', 'us-east-1', '--account', '444444444444'],
      ...['--base-domain', `us.${source.definition.baseDomain}`, '--vpc-cidr', cidr],
    ]);
    expect(result.stderr).toBe('');
    const pins = parseReleasePins(readFileSync(join(root, `clusters/${name}.releases.yaml`), 'utf8'), 'pins', name);
    expect(pins).toEqual(source.pins);
    expect(existsSync(join(root, `clusters/${name}.promoted`))).toBe(false);
  });
});

describe('npm run cluster:new refuses', () => {
  const refusal = async (change: (args: string[], project: Project) => string[], root = copyRepository()) => {
    const project = await loadProject(root);
    const { args } = newClusterFlags(project);
    const result = await runCli(root, 'cluster-new', change([...args], project));
    expect(result.status).toBe(1);
    expect(existsSync(join(root, `clusters/${args[1]}.ts`))).toBe(false);
    return result.stderr;
  };
  const set = (args: string[], flag: string, value: string): string[] => {
    args[args.indexOf(flag) + 1] = value;
    return args;
  };

  it('a name that exists', async () => {
    const stderr = await refusal((args, project) => set(args, '--name', project.clusters[0]!.definition.name));
    expect(stderr).toMatch(/--name: cluster "[^"]+" exists already \(clusters\/[^)]+\.ts\); choose another name/);
  });

  it('a base domain another cluster has', async () => {
    const stderr = await refusal((args, project) =>
      set(args, '--base-domain', project.clusters[0]!.definition.baseDomain),
    );
    expect(stderr).toContain(
      `--base-domain: "${(await loadProject(copyRepository())).clusters[0]!.definition.baseDomain}" is already the base domain of cluster`,
    );
  });

  it('a VPC range that overlaps another cluster', async () => {
    const stderr = await refusal((args, project) =>
      set(args, '--vpc-cidr', awsClustersOf(project.clusters)[0]!.definition.vpcCidr.replace(/\/\d+$/, '/20')),
    );
    expect(stderr).toMatch(/--vpc-cidr: \S+\/20 overlaps \S+, the VPC of cluster "[^"]+"/);
  });

  it('a region that is not an AWS region, and an account id that is not 12 digits', async () => {
    const stderr = await refusal((args) => set(set(args, '--region', 'Frankfurt'), '--account', '123'));
    expect(stderr).toContain('--region: "Frankfurt" is not an AWS region (for example "eu-west-1")');
    expect(stderr).toContain('--account: "123" is not a 12-digit AWS account id');
  });

  it('missing flags, each named, before reading anything', async () => {
    const result = await runCli(copyRepository(), 'cluster-new', ['--name', 'x']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  - --region: missing: its AWS region (for example --region eu-central-1)\n');
    expect(result.stderr).toContain('  - --vpc-cidr: missing: its VPC range (for example --vpc-cidr 10.40.0.0/16)\n');
  });

  it('an unknown source cluster', async () => {
    const stderr = await refusal((args) => set(args, '--from', 'no-such-cluster'));
    expect(stderr).toContain('--from: unknown cluster "no-such-cluster"; known clusters: ');
  });

  it('a source file whose identity fields are not plain literals, naming the file and field', async () => {
    const root = copyRepository();
    const { source } = newClusterFlags(await loadProject(root));
    const file = join(root, `clusters/${source.name}.ts`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}awsRegion: ('[^']*'),$/m, '  awsRegion: [$1][0]!,'));
    const stderr = await refusal((args) => args, root);
    expect(stderr).toContain(
      `error: clusters/${source.name}.ts: awsRegion: cluster:new copies a cluster file whose top-level awsRegion is written on one line as \`  awsRegion: '...',\`; found 0 such lines`,
    );
  });

  it('refuses to copy a local cluster: it has no AWS identity to replace', async () => {
    const root = await repo();
    const project = await loadProject(root);
    const local = project.clusters.find((cluster) => !isAwsCluster(cluster.definition));
    const target = awsClustersOf(project.clusters)[0]!;
    const from = local?.definition.name ?? target.definition.name;
    const result = await runCli(root, 'cluster-new', [
      ...['--name', 'copy', '--from', from, '--region', 'us-east-1', '--account', '444444444444'],
      ...['--base-domain', 'copy.example.net', '--vpc-cidr', freeVpcCidr(project)],
    ]);
    if (local === undefined) return void expect(result.status).toBe(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`--from: "${from}" is a local cluster (no AWS account, region or VPC to replace)`);
    expect(existsSync(join(root, 'clusters/copy.ts'))).toBe(false);
  });
});
