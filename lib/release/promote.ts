import { ConfigError, ProblemList } from '../errors';
import { digestProblem, type ReleasePin, type ReleasePins, tagProblem } from '../model/release-pins';
import { type LoadedCluster, loadProject, type Project } from '../project/load';
import {
  assertNoInterruptedWrite,
  type ExclusiveWriteOptions,
  withExclusiveWrite,
} from '../transaction/exclusive-write';
import type { WriteSet } from '../transaction/journal';
import { type PinChange, pinChangeWrites, planPinChange } from './pin-change';
import { type PinUpdate, samePin } from './pin-format';
import { GENERATED_DIR } from '../synth/generate';
import { uncommittedFiles } from './git-status';
import { pinsAtRef, promotedSpecAtRef } from './pins-at-ref';
import { type PromotedSpec, sameSpec } from '../model/promoted-spec';
import { promotedSpecPath, promotedSpecsDir } from '../project/load';
import { samePlatformLock } from '../model/platform-lock';
import { type PlatformUpdate, platformToPromote, platformUpdate } from './platform-source';
import { platformStat, type PromotionDetails, resourceChanges, specChanges } from './promotion-details';

export interface PromoteOptions {
  /** The cluster whose pins change. */
  readonly to: string;
  /** Copy the pins from this cluster. */
  readonly from?: string;
  /** Rollback: take the pins from the target's own pin file at this git ref. */
  readonly fromRef?: string;
  /** Explicit version (one app; needs `digest`). */
  readonly tag?: string;
  readonly digest?: string;
  /** The apps to promote. */
  readonly apps?: readonly string[];
  /** Every app the target runs and, for a gated target, its platform revision. @default false */
  readonly all?: boolean;
  /** A gated target's platform revision (the generator and platform code it renders with). @default false */
  readonly platform?: boolean;
  /** Compute and check everything, write nothing. @default false */
  readonly dryRun?: boolean;
}

export interface PromoteResult {
  /** Where the pins came from, for people: `staging`, `production at HEAD~1`, `explicit version`. */
  readonly source: string;
  readonly target: string;
  /** Every selected app, changed or not, sorted by name. */
  readonly updates: readonly PinUpdate[];
  /** The platform revision, when it was selected (--platform, or --all of a gated target). */
  readonly platform?: PlatformUpdate;
  /** Spec keys, resources and platform files that change; undefined when nothing is promoted. */
  readonly details?: PromotionDetails;
  /** The files the promotion writes (or would write, in a dry run); empty when there is nothing to promote. */
  readonly changedPaths: readonly string[];
  readonly written: boolean;
}

/**
 * Copies release pins into a target cluster and regenerates it: from another cluster, from the target's
 * pins at a git ref, or an explicit version. Everything is checked and generated in memory first; then
 * the pin file and generated/<target>/ are written together, or nothing is.
 */
export async function promote(
  root: string,
  options: PromoteOptions,
  context: ExclusiveWriteOptions = {},
): Promise<PromoteResult> {
  checkOptions(options);
  if (options.dryRun === true) {
    assertNoInterruptedWrite(root);
    return promoteInProject(await loadProject(root), options);
  }
  return withExclusiveWrite(root, 'promote', context, async (commit) =>
    promoteInProject(await loadProject(root), options, commit),
  );
}

/** The promotion in a loaded project; writes through `commit` (none: nothing is written, as in a dry run). */
export async function promoteInProject(
  project: Project,
  options: PromoteOptions,
  commit?: (set: WriteSet) => void,
): Promise<PromoteResult> {
  checkOptions(options);
  const known = project.clusters.map((cluster) => cluster.definition.name).sort();
  const findCluster = (name: string, flag: string): LoadedCluster => {
    const cluster = project.clusters.find((loaded) => loaded.definition.name === name);
    if (cluster === undefined) {
      throw new ConfigError(
        { cluster: name, field: flag },
        `unknown cluster; known clusters: ${known.join(', ')} (each is a file clusters/<name>.ts)`,
      );
    }
    return cluster;
  };
  const target = findCluster(options.to, '--to');
  const source = options.from === undefined ? undefined : findCluster(options.from, '--from');
  const targetApps = Object.keys(target.definition.apps ?? {}).sort();
  const knownApps = project.apps.map((app) => app.spec.name).sort();

  let sourcePins: ReleasePins;
  let sourceLabel: string;
  let sourceFile: string;
  if (source !== undefined) {
    sourcePins = source.pins;
    sourceLabel = source.definition.name;
    sourceFile = source.pinsFile;
  } else if (options.fromRef !== undefined) {
    sourcePins = pinsAtRef(project.root, options.to, options.fromRef);
    sourceLabel = `${options.to} at ${options.fromRef}`;
    sourceFile = `${target.pinsFile}@${options.fromRef}`;
  } else {
    const app = options.apps![0]!;
    sourcePins = { [app]: { tag: options.tag!, digest: options.digest! } };
    sourceLabel = 'explicit version';
    sourceFile = '--tag/--digest';
  }

  const withPlatform = options.platform === true || (options.all === true && target.definition.promotion !== undefined);
  let apps: string[];
  if (options.all !== true && (options.apps ?? []).length === 0) {
    apps = [];
  } else if (options.all === true) {
    const sourceApps = new Set(
      source === undefined ? Object.keys(sourcePins) : Object.keys(source.definition.apps ?? {}),
    );
    apps = targetApps.filter((app) => sourceApps.has(app));
  } else {
    apps = [...new Set(options.apps ?? [])].sort();
  }

  const problems = new ProblemList();
  const updates: PinUpdate[] = [];
  const specs: Record<string, PromotedSpec> = {};
  /** The spec a gated target gets with the pin; undefined after adding a problem. */
  const sourceSpec = (app: string): PromotedSpec | 'unchanged' | undefined => {
    if (source !== undefined) {
      const spec =
        source.promoted === undefined
          ? project.apps.find((loaded) => loaded.spec.name === app)?.spec
          : source.promoted[app]?.spec;
      if (spec !== undefined) return { from: source.definition.name, spec };
      problems.add(
        { file: promotedSpecPath(source.definition.name, app), cluster: source.definition.name, app },
        'no promoted spec to promote: the source cluster is gated and has not been promoted this app',
      );
      return undefined;
    }
    if (options.fromRef !== undefined) {
      const spec = promotedSpecAtRef(project.root, options.to, app, options.fromRef);
      if (spec !== undefined) return spec;
      problems.add(
        { file: `${promotedSpecPath(options.to, app)}@${options.fromRef}`, cluster: options.to, app },
        'no promoted spec at that revision; roll back with an explicit --tag and --digest instead (the spec stays)',
      );
      return undefined;
    }
    return 'unchanged';
  };
  for (const app of apps) {
    if (!knownApps.includes(app)) {
      problems.add({ app, field: '--app' }, `unknown app; known apps: ${knownApps.join(', ')}`);
      continue;
    }
    if (!targetApps.includes(app)) {
      problems.add(
        { file: target.file, cluster: options.to, app },
        `not enabled in this cluster; add it to "apps" in ${target.file}, then run this promote again and commit both in one pull request`,
      );
      continue;
    }
    const pin: ReleasePin | undefined = sourcePins[app];
    if (pin === undefined) {
      problems.add(
        { file: sourceFile, app },
        `no release pin to promote; pinned apps there: ${Object.keys(sourcePins).sort().join(', ') || 'none'}` +
          ' (with --from-ref: the app had no pin at that revision; to take it out of the cluster, remove it from "apps" in the cluster file)',
      );
      continue;
    }
    if (pin.digest === undefined) {
      problems.add(
        { file: sourceFile, app, field: `apps.${app}.digest` },
        `pin "${pin.tag}" has no digest; only images pinned by digest are promoted (release it with --digest sha256:...)`,
      );
      continue;
    }
    const update: PinUpdate = { app, before: target.pins[app], after: { tag: pin.tag, digest: pin.digest } };
    if (target.promoted === undefined) {
      updates.push(update);
      continue;
    }
    // A gated target takes the app's spec along with its image.
    const spec = sourceSpec(app);
    if (spec === undefined) continue;
    if (spec !== 'unchanged') specs[app] = spec;
    const specChanged = spec !== 'unchanged' && !sameSpec(target.promoted[app]?.spec, spec.spec);
    updates.push(specChanged ? { ...update, specChanged } : update);
  }
  let platform: PlatformUpdate | undefined;
  if (withPlatform) {
    try {
      platform = platformUpdate(project, target, platformToPromote(project, target, source, options.fromRef));
    } catch (error) {
      problems.absorb(error);
    }
  }
  if (apps.length === 0 && options.all === true && !withPlatform) {
    problems.add(
      { cluster: options.to, field: '--all' },
      `no app runs in both ${sourceLabel} and ${options.to}; nothing can be promoted`,
    );
  }
  problems.throwIfAny();

  const result = { source: sourceLabel, target: options.to, updates, ...(platform === undefined ? {} : { platform }) };
  const platformChanged = platform !== undefined && !samePlatformLock(platform.before, platform.after);
  if (
    !platformChanged &&
    updates.every((update) => samePin(update.before, update.after) && update.specChanged !== true)
  ) {
    return { ...result, changedPaths: [], written: false };
  }
  refuseUncommitted(project.root, options.to, [
    target.pinsFile,
    ...(target.promoted === undefined ? [] : [promotedSpecsDir(options.to)]),
    `${GENERATED_DIR}/${options.to}`,
  ]);
  const pins: Record<string, ReleasePin> = { ...target.pins };
  for (const update of updates) pins[update.app] = update.after;
  const change: PinChange = await planPinChange(project, options.to, pins, specs, platform?.after);
  const details: PromotionDetails = {
    specChanges: Object.fromEntries(
      updates
        .filter((update) => update.specChanged === true)
        .map((update) => [update.app, specChanges(target.promoted?.[update.app]?.spec, specs[update.app]!.spec)]),
    ),
    resources: resourceChanges(project, options.to, target.definition.environment, change.files),
    platformStat: platformChanged ? platformStat(project, target.file, platform) : [],
  };
  const written = options.dryRun !== true && commit !== undefined;
  if (written) commit(pinChangeWrites(change));
  return { ...result, changedPaths: change.changedPaths, written, details };
}

/**
 * A promotion rewrites the target's pin file and generated/<target>/ whole: uncommitted edits there would be
 * carried into its pull request (other apps' pins) or lost (hand edits of generated files), so it refuses.
 */
function refuseUncommitted(root: string, cluster: string, paths: readonly string[]): void {
  const dirty = uncommittedFiles(root, paths);
  if (dirty === undefined || dirty.length === 0) return;
  const shown = dirty.length > 10 ? [...dirty.slice(0, 10), `and ${dirty.length - 10} more`] : dirty;
  throw new ConfigError(
    { cluster },
    `the promotion would overwrite uncommitted changes in ${shown.join(', ')}; ` +
      'commit them or set them aside (git stash), then promote again',
  );
}

/** Flag combinations, checked before any file is read. */
function checkOptions(options: PromoteOptions): void {
  const problems = new ProblemList();
  const add = (field: string, problem: string): void => problems.add({ field }, problem);
  if (options.to === undefined || options.to === '')
    add('--to', 'missing: the cluster to promote to (for example --to production)');
  const sources = [
    options.from === undefined ? undefined : '--from',
    options.fromRef === undefined ? undefined : '--from-ref',
    options.tag === undefined && options.digest === undefined ? undefined : '--tag/--digest',
  ].filter((source) => source !== undefined);
  if (sources.length === 0) {
    add('--from', 'missing: where the pins come from: --from <cluster>, --from-ref <git ref> or --tag with --digest');
  }
  if (sources.length > 1)
    add(sources[1]!, `use one of --from, --from-ref and --tag/--digest, not ${sources.join(' and ')}`);
  if (options.from !== undefined && options.from === options.to) {
    add('--from', `"${options.from}" is both source and target; promote between two clusters`);
  }
  const appCount = options.apps?.length ?? 0;
  if (options.all === true && appCount > 0) add('--all', 'use either --app or --all, not both');
  if (options.all !== true && appCount === 0 && options.platform !== true) {
    add('--app', 'missing: what to promote: --app gateway,web, --platform, or --all (every app and the platform)');
  }
  if (options.all === true && options.platform === true) add('--platform', '--all includes the platform already');
  if (options.tag !== undefined || options.digest !== undefined) {
    if (options.tag === undefined) add('--tag', 'missing: --digest needs the --tag it belongs to');
    if (options.digest === undefined) add('--digest', 'missing: an explicit version needs its digest (sha256:...)');
    if (options.all === true || appCount !== 1) add('--app', 'an explicit --tag/--digest applies to exactly one app');
    if (options.platform === true)
      add('--platform', 'an explicit --tag/--digest is an image; promote the platform with --from or --from-ref');
    if (options.tag !== undefined) {
      const problem = tagProblem(options.tag);
      if (problem !== undefined) add('--tag', problem);
    }
    if (options.digest !== undefined) {
      const problem = digestProblem(options.digest);
      if (problem !== undefined) add('--digest', problem);
    }
  }
  problems.throwIfAny();
}
