import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ProblemList } from '../errors';
import { type ClusterDefinition, type ClusterKind, isAwsCluster } from '../model/cluster';
import { Environment } from '../model/environment';
import { formatPlatformLock } from '../model/platform-lock';
import type { ReleasePins } from '../model/release-pins';
import { byCodePoint } from '../order';
import {
  CLUSTERS_DIR,
  type LoadedCluster,
  type LoadedPlatformLock,
  loadProject,
  platformLockPath,
  type Project,
  releasePinsPath,
} from '../project/load';
import {
  awsAccountIdProblem,
  awsRegionProblem,
  cidrProblem,
  cidrsOverlap,
  dnsLabelProblem,
  hostnameProblem,
} from '../project/rules';
import { pinChangeWrites, planPinChange } from '../release/pin-change';
import { promoteInProject } from '../release/promote';
import { type ExclusiveWriteOptions, withExclusiveWrite } from '../transaction/exclusive-write';
import type { WriteSet } from '../transaction/journal';
import { clusterFileFrom } from './cluster-file';

export interface NewClusterOptions {
  readonly name: string;
  /** The existing cluster whose definition (apps, overrides, platform, Argo CD settings) is copied. */
  readonly from: string;
  readonly awsRegion: string;
  readonly awsAccountId: string;
  readonly baseDomain: string;
  readonly vpcCidr: string;
  /** @default the source's environment */
  readonly environment?: string;
  /** Gate the new cluster: promoted from this cluster. @default the source's promotion, if any */
  readonly promotedFrom?: string;
}

export interface NewClusterResult {
  readonly file: string;
  /** Where the first pins (and, for a gated cluster, its promoted specs) came from. */
  readonly pinsFrom: string;
  readonly gated: boolean;
  /** Every file written, relative to the root, sorted. */
  readonly written: readonly string[];
}

const ENVIRONMENTS = Object.values(Environment) as string[];

/**
 * Adds a cluster in one step: `clusters/<name>.ts` copied from another cluster with the new identity, its pin
 * file and generated/<name>/, written together (or nothing is). The pins are the source's; a gated cluster
 * instead gets an initial promotion from its `promotion.from` cluster (the same code as `npm run promote --all`),
 * so its pins and promoted specs are what that cluster runs now. The caller runs synth afterwards for the files
 * derived from every cluster (argocd/<name>-root.yaml, .github/CODEOWNERS).
 */
export async function newCluster(
  root: string,
  options: NewClusterOptions,
  context: ExclusiveWriteOptions = {},
): Promise<NewClusterResult> {
  checkFlags(options);
  return withExclusiveWrite(root, 'cluster:new', context, async (commit) => {
    const project = await loadProject(root);
    const { definition, text, source } = plannedDefinition(project, options);
    const file = `${CLUSTERS_DIR}/${options.name}.ts`;
    const gated = definition.promotion !== undefined;
    // A copy of a gated cluster starts on the generator that cluster runs (its platform revision), so the new
    // cluster renders like the one it copies; `npm run promote -- --platform` moves it on later.
    const inherited: LoadedPlatformLock | undefined =
      gated && source.platform !== undefined
        ? { ...source.platform, from: definition.promotion!.from, file: platformLockPath(options.name) }
        : undefined;
    const added: LoadedCluster = {
      definition,
      file,
      pinsFile: releasePinsPath(options.name),
      pins: {},
      ...(gated ? { promoted: {} } : {}),
      ...(inherited === undefined ? {} : { platform: inherited }),
    };
    const withNew: Project = {
      ...project,
      clusters: [...project.clusters, added].sort((a, b) => byCodePoint(a.definition.name, b.definition.name)),
    };
    let writes: WriteSet | undefined;
    let pinsFrom: string;
    if (gated) {
      pinsFrom = definition.promotion!.from;
      const from = pinsFrom;
      if (inherited === undefined) {
        await promoteInProject(withNew, { to: options.name, from, all: true }, (set) => (writes = set));
      } else {
        // The apps that `--all` would promote, without the platform: that comes from the copied cluster.
        const sourceApps = Object.keys(project.clusters.find((c) => c.definition.name === from)?.definition.apps ?? {});
        const apps = Object.keys(definition.apps).filter((app) => sourceApps.includes(app));
        await promoteInProject(withNew, { to: options.name, from, apps }, (set) => (writes = set));
        const lock = { path: inherited.file, content: formatPlatformLock(options.name, inherited) };
        writes = { writes: [...(writes?.writes ?? []), lock], removals: writes?.removals ?? [] };
      }
    } else {
      pinsFrom = source.definition.name;
      const pins: ReleasePins = Object.fromEntries(
        Object.keys(definition.apps)
          .filter((app) => source.pins[app] !== undefined)
          .map((app) => [app, source.pins[app]!]),
      );
      writes = pinChangeWrites(await planPinChange(withNew, options.name, pins));
    }
    const set: WriteSet = {
      writes: [{ path: file, content: text }, ...(writes?.writes ?? [])],
      removals: writes?.removals ?? [],
    };
    commit(set);
    return { file, pinsFrom, gated, written: set.writes.map((write) => write.path).sort(byCodePoint) };
  });
}

/** The flags' own formats, checked before any file is read. */
function checkFlags(options: NewClusterOptions): void {
  const problems = new ProblemList();
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.add({ field }, problem);
  };
  add(
    '--name',
    options.name === '' ? 'missing: the new cluster (for example --name production-eu)' : dnsLabelProblem(options.name),
  );
  add('--from', options.from === '' ? 'missing: the cluster to copy (for example --from production)' : undefined);
  const required = (flag: string, value: string, example: string, problem: (v: string) => string | undefined) =>
    add(flag, value === '' ? `missing: ${example}` : problem(value));
  required('--region', options.awsRegion, 'its AWS region (for example --region eu-central-1)', awsRegionProblem);
  required('--account', options.awsAccountId, 'its 12-digit AWS account id', awsAccountIdProblem);
  required('--base-domain', options.baseDomain, 'the public DNS zone of the cluster', hostnameProblem);
  required('--vpc-cidr', options.vpcCidr, 'its VPC range (for example --vpc-cidr 10.40.0.0/16)', cidrProblem);
  if (options.environment !== undefined && !ENVIRONMENTS.includes(options.environment)) {
    add('--environment', `${JSON.stringify(options.environment)} is not one of ${ENVIRONMENTS.join(', ')}`);
  }
  if (options.promotedFrom !== undefined && options.promotedFrom === options.name) {
    add('--promoted-from', `a cluster cannot be promoted from itself ("${options.name}")`);
  }
  problems.throwIfAny();
}

/** The new definition and its file text, checked against the clusters that exist. */
function plannedDefinition(
  project: Project,
  options: NewClusterOptions,
): { definition: ClusterDefinition; text: string; source: LoadedCluster } {
  const problems = new ProblemList();
  const known = project.clusters.map((cluster) => cluster.definition.name);
  const knownList = `known clusters: ${known.join(', ')} (each is a file clusters/<name>.ts)`;
  const existing = project.clusters.find((cluster) => cluster.definition.name === options.name);
  if (existing !== undefined) {
    problems.add(
      { field: '--name' },
      `cluster "${options.name}" exists already (${existing.file}); choose another name`,
    );
  }
  const source = project.clusters.find((cluster) => cluster.definition.name === options.from);
  if (source === undefined) problems.add({ field: '--from' }, `unknown cluster "${options.from}"; ${knownList}`);
  if (source !== undefined && !isAwsCluster(source.definition)) {
    problems.add(
      { field: '--from' },
      `"${options.from}" is a local cluster (no AWS account, region or VPC to replace); copy an AWS cluster, or write another local one by hand (docs/local.md)`,
    );
  }
  if (options.promotedFrom !== undefined && !known.includes(options.promotedFrom)) {
    problems.add({ field: '--promoted-from' }, `unknown cluster "${options.promotedFrom}"; ${knownList}`);
  }
  for (const other of project.clusters) {
    if (other.definition.baseDomain === options.baseDomain) {
      problems.add(
        { field: '--base-domain' },
        `"${options.baseDomain}" is already the base domain of cluster "${other.definition.name}" (${other.file}); each cluster needs its own zone (for example "eu.${options.baseDomain}")`,
      );
    }
    if (isAwsCluster(other.definition) && cidrsOverlap(options.vpcCidr, other.definition.vpcCidr)) {
      problems.add(
        { field: '--vpc-cidr' },
        `${options.vpcCidr} overlaps ${other.definition.vpcCidr}, the VPC of cluster "${other.definition.name}" (${other.file}); give each cluster its own range`,
      );
    }
  }
  problems.throwIfAny();
  const environment = (options.environment ?? source!.definition.environment) as Environment;
  const text = clusterFileFrom(readFileSync(join(project.root, source!.file), 'utf8'), source!.file, {
    name: options.name,
    environment,
    awsAccountId: options.awsAccountId,
    awsRegion: options.awsRegion,
    baseDomain: options.baseDomain,
    vpcCidr: options.vpcCidr,
    ...(options.promotedFrom === undefined ? {} : { promotedFrom: options.promotedFrom }),
  });
  const promotion = options.promotedFrom === undefined ? source!.definition.promotion : { from: options.promotedFrom };
  if (promotion !== undefined && promotion.from === options.name) {
    throw new ConfigError({ field: '--promoted-from' }, 'a cluster cannot be promoted from itself');
  }
  const definition: ClusterDefinition = {
    ...(source!.definition as Exclude<ClusterDefinition, { kind: ClusterKind.LOCAL }>),
    name: options.name,
    environment,
    awsAccountId: options.awsAccountId,
    awsRegion: options.awsRegion,
    baseDomain: options.baseDomain,
    vpcCidr: options.vpcCidr,
    ...(promotion === undefined ? {} : { promotion }),
  };
  return { definition, text, source: source! };
}
