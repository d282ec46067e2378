import { ConfigError, ProblemList } from '../errors';
import { digestProblem, type ReleasePin, tagProblem } from '../model/release-pins';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject, promotedSpecPath, type Project } from '../project/load';
import {
  assertNoInterruptedWrite,
  type ExclusiveWriteOptions,
  withExclusiveWrite,
} from '../transaction/exclusive-write';
import type { WriteSet } from '../transaction/journal';
import { pinChangeWrites, planPinChange } from './pin-change';
import { type PinUpdate, samePin } from './pin-format';

export interface ReleaseOptions {
  readonly cluster: string;
  readonly app: string;
  readonly tag: string;
  /** `sha256:` and 64 hex digits. @default none (refused where the cluster requires digests) */
  readonly digest?: string;
  /** Check and generate, write nothing. @default false */
  readonly dryRun?: boolean;
}

export interface ReleaseResult {
  readonly update: PinUpdate;
  readonly changedPaths: readonly string[];
  readonly written: boolean;
}

/**
 * Pins one app of one cluster to a new image (what an app's own pipeline calls after pushing it) and
 * regenerates that cluster; the pin file and generated/<cluster>/ change together or not at all. Holds the
 * repository lock from reading the pins to writing them, so concurrent releases never lose each other's pin.
 */
export async function release(
  root: string,
  options: ReleaseOptions,
  context: ExclusiveWriteOptions = {},
): Promise<ReleaseResult> {
  checkOptions(options);
  if (options.dryRun === true) {
    assertNoInterruptedWrite(root);
    return releaseInProject(await loadProject(root), options);
  }
  return withExclusiveWrite(root, 'release', context, async (commit) =>
    releaseInProject(await loadProject(root), options, commit),
  );
}

/** The release in a loaded project; writes through `commit` (none: nothing is written, as in a dry run). */
export async function releaseInProject(
  project: Project,
  options: ReleaseOptions,
  commit?: (set: WriteSet) => void,
): Promise<ReleaseResult> {
  checkOptions(options);
  const cluster = project.clusters.find((loaded) => loaded.definition.name === options.cluster);
  if (cluster === undefined) {
    const known = project.clusters.map((loaded) => loaded.definition.name).sort();
    throw new ConfigError(
      { cluster: options.cluster, field: '--cluster' },
      `unknown cluster; known clusters: ${known.join(', ')} (each is a file clusters/<name>.ts)`,
    );
  }
  const gatedFrom = cluster.definition.promotion?.from;
  if (gatedFrom !== undefined) {
    throw new ConfigError(
      { file: cluster.file, cluster: options.cluster, field: 'promotion' },
      `the cluster is gated: its images and app specs change only by promotion; release to ${gatedFrom}, then: npm run promote -- --from ${gatedFrom} --to ${options.cluster} --app ${options.app}`,
    );
  }
  const knownApps = project.apps.map((app) => app.spec.name).sort();
  if (!knownApps.includes(options.app)) {
    throw new ConfigError({ app: options.app, field: '--app' }, `unknown app; known apps: ${knownApps.join(', ')}`);
  }
  if (cluster.definition.apps?.[options.app] === undefined) {
    throw new ConfigError(
      { file: cluster.file, cluster: options.cluster, app: options.app },
      `not enabled in this cluster; add it to "apps" in ${cluster.file} first`,
    );
  }
  const after: ReleasePin =
    options.digest === undefined ? { tag: options.tag } : { tag: options.tag, digest: options.digest };
  const update: PinUpdate = { app: options.app, before: cluster.pins[options.app], after };
  if (samePin(update.before, after)) return { update, changedPaths: [], written: false };
  const change = await planPinChange(project, options.cluster, { ...cluster.pins, [options.app]: after });
  const written = options.dryRun !== true && commit !== undefined;
  if (written) commit(pinChangeWrites(change));
  return { update, changedPaths: change.changedPaths, written };
}

function checkOptions(options: ReleaseOptions): void {
  const problems = new ProblemList();
  for (const flag of ['cluster', 'app', 'tag'] as const) {
    if (options[flag] === undefined || options[flag] === '') problems.add({ field: `--${flag}` }, 'missing');
  }
  if (options.tag !== undefined && options.tag !== '') {
    const problem = tagProblem(options.tag);
    if (problem !== undefined) problems.add({ field: '--tag' }, problem);
  }
  if (options.digest !== undefined) {
    const problem = digestProblem(options.digest);
    if (problem !== undefined) problems.add({ field: '--digest' }, problem);
  }
  problems.throwIfAny();
}

export interface RemovePinOptions {
  readonly cluster: string;
  readonly app: string;
  /** @default false */
  readonly dryRun?: boolean;
}

/**
 * Removes the pin of an app a cluster no longer runs (and, in a gated cluster, its promoted spec): what synth's
 * stale-pin warning asks for. Refuses the pin of an app the cluster still runs: take it out of "apps" first.
 * Allowed in gated clusters too, since it changes nothing they render.
 */
export async function removePin(
  root: string,
  options: RemovePinOptions,
  context: ExclusiveWriteOptions = {},
): Promise<{ readonly changedPaths: readonly string[]; readonly written: boolean }> {
  const problems = new ProblemList();
  for (const flag of ['cluster', 'app'] as const) {
    if (options[flag] === '') problems.add({ field: `--${flag}` }, 'missing');
  }
  problems.throwIfAny();
  const work = async (project: Project, commit?: (set: WriteSet) => void) => {
    const cluster = project.clusters.find((loaded) => loaded.definition.name === options.cluster);
    if (cluster === undefined) {
      const known = project.clusters.map((loaded) => loaded.definition.name).sort();
      throw new ConfigError(
        { cluster: options.cluster, field: '--cluster' },
        `unknown cluster; known clusters: ${known.join(', ')} (each is a file clusters/<name>.ts)`,
      );
    }
    if (cluster.definition.apps?.[options.app] !== undefined) {
      throw new ConfigError(
        { file: cluster.file, cluster: options.cluster, app: options.app },
        `the cluster still runs the app; take it out of "apps" in ${cluster.file}, then remove its pin in the same pull request`,
      );
    }
    if (cluster.pins[options.app] === undefined) {
      throw new ConfigError(
        { file: cluster.pinsFile, cluster: options.cluster, app: options.app },
        `no pin to remove; pinned apps: ${Object.keys(cluster.pins).sort().join(', ') || 'none'}`,
      );
    }
    const pins = Object.fromEntries(Object.entries(cluster.pins).filter(([app]) => app !== options.app));
    const specFile = promotedSpecPath(options.cluster, options.app);
    const hasSpec = cluster.promoted !== undefined && existsSync(join(project.root, specFile));
    const promoted =
      cluster.promoted === undefined
        ? undefined
        : Object.fromEntries(Object.entries(cluster.promoted).filter(([app]) => app !== options.app));
    const without: Project = {
      ...project,
      clusters: project.clusters.map((loaded) =>
        loaded !== cluster ? loaded : { ...loaded, ...(promoted === undefined ? {} : { promoted }) },
      ),
    };
    const change = await planPinChange(without, options.cluster, pins);
    const set = pinChangeWrites(change);
    const written = options.dryRun !== true && commit !== undefined;
    if (written) commit({ writes: set.writes, removals: [...set.removals, ...(hasSpec ? [specFile] : [])] });
    return { changedPaths: [...change.changedPaths, ...(hasSpec ? [specFile] : [])].sort(), written };
  };
  if (options.dryRun === true) {
    assertNoInterruptedWrite(root);
    return work(await loadProject(root));
  }
  return withExclusiveWrite(root, 'release', context, async (commit) => work(await loadProject(root), commit));
}
