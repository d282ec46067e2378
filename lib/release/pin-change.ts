import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapFilePath } from '../argocd/bootstrap';
import { formatReleasePins, type ReleasePins } from '../model/release-pins';
import { formatPromotedSpec, type PromotedSpec, sameSpec } from '../model/promoted-spec';
import { formatPlatformLock, type PlatformLock, samePlatformLock } from '../model/platform-lock';
import {
  type LoadedPlatformLock,
  type LoadedPromotedSpec,
  platformLockPath,
  type Project,
  promotedSpecPath,
  releasePinsPath,
} from '../project/load';
import { GENERATED_DIR } from '../synth/generate';
import { renderTree } from '../synth/render-tree';
import type { GeneratedFile } from '../synth/synthesize';
import { compareTree, readTree, type TreeDifference } from '../synth/write-tree';
import type { FileWrite, WriteSet } from '../transaction/journal';

/** A cluster's new release pins with everything they change, computed in memory; nothing is written yet. */
export interface PinChange {
  readonly cluster: string;
  /** `clusters/<cluster>.releases.yaml`, relative to the repository root. */
  readonly pinsFile: string;
  readonly pinsContent: string;
  /** The complete wanted content of `generated/<cluster>/` (paths relative to it). */
  readonly files: readonly GeneratedFile[];
  /** What differs from `generated/<cluster>/` on disk. */
  readonly difference: TreeDifference;
  /** The promoted files of a gated cluster that change (`clusters/<cluster>.promoted/<app>.yaml`, platform.yaml). */
  readonly specWrites: readonly FileWrite[];
  /** `argocd/<cluster>-root.yaml` when it changes with the cluster (a platform promotion), else undefined. */
  readonly bootstrapWrite?: FileWrite;
  /** Every file the change writes, relative to the repository root, sorted. */
  readonly changedPaths: readonly string[];
}

/**
 * Regenerates one cluster with new pins (and, for a gated cluster, newly promoted app specs and platform
 * revision), in memory.
 * Throws (ConfigError/ConfigErrors) when the project with these pins cannot be generated, before anything
 * is written.
 */
export async function planPinChange(
  project: Project,
  cluster: string,
  pins: ReleasePins,
  promotedSpecs: Readonly<Record<string, PromotedSpec>> = {},
  platform?: PlatformLock,
): Promise<PinChange> {
  const pinsFile = releasePinsPath(cluster);
  const current = project.clusters.find((loaded) => loaded.definition.name === cluster);
  const specWrites: FileWrite[] = [];
  const promoted: Record<string, LoadedPromotedSpec> = { ...current?.promoted };
  for (const [app, spec] of Object.entries(promotedSpecs).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = promotedSpecPath(cluster, app);
    const before = promoted[app];
    promoted[app] = { ...spec, file };
    if (before !== undefined && before.from === spec.from && sameSpec(before.spec, spec.spec)) continue;
    const sourceFile = project.apps.find((loaded) => loaded.spec.name === app)?.file ?? `apps/${app}/index.ts`;
    specWrites.push({ path: file, content: formatPromotedSpec(cluster, spec, sourceFile) });
  }
  const lockFile = platformLockPath(cluster);
  const platformLock: LoadedPlatformLock | undefined =
    platform === undefined ? current?.platform : { ...platform, file: lockFile };
  if (platform !== undefined && !samePlatformLock(current?.platform, platform)) {
    specWrites.push({ path: lockFile, content: formatPlatformLock(cluster, platform) });
  }
  const changed: Project = {
    ...project,
    clusters: project.clusters.map((loaded) =>
      loaded.definition.name !== cluster
        ? loaded
        : {
            ...loaded,
            pins,
            ...(loaded.promoted === undefined ? {} : { promoted }),
            ...(platformLock === undefined ? {} : { platform: platformLock }),
          },
    ),
  };
  const prefix = `${cluster}/`;
  const rendered = await renderTree(changed, { clusters: [cluster], includeOthers: false });
  const files = rendered.files
    .filter((file) => file.path.startsWith(prefix))
    .map((file) => ({ path: file.path.slice(prefix.length), content: file.content }));
  const outDir = join(project.root, GENERATED_DIR, cluster);
  const difference = compareTree(readTree(outDir), files);
  const pinsContent = formatReleasePins(cluster, pins);
  // A new cluster (npm run cluster:new) has no pin file yet: its first pins are written like any change.
  const pinsPath = join(project.root, pinsFile);
  const pinsChanged = !existsSync(pinsPath) || readFileSync(pinsPath, 'utf8') !== pinsContent;
  const bootstrap = rendered.bootstrap.find((file) => file.path === bootstrapFilePath(cluster));
  const bootstrapWrite =
    bootstrap !== undefined && readText(join(project.root, bootstrap.path)) !== bootstrap.content
      ? { path: bootstrap.path, content: bootstrap.content }
      : undefined;
  const generated = [...difference.added, ...difference.removed, ...difference.changed.map((change) => change.path)];
  return {
    cluster,
    pinsFile,
    pinsContent,
    files,
    difference,
    specWrites,
    ...(bootstrapWrite === undefined ? {} : { bootstrapWrite }),
    changedPaths: [
      ...[
        ...(bootstrapWrite === undefined ? [] : [bootstrapWrite.path]),
        ...(pinsChanged ? [pinsFile] : []),
        ...specWrites.map((write) => write.path),
      ].sort(),
      ...generated.map((path) => `${GENERATED_DIR}/${cluster}/${path}`).sort(),
    ],
  };
}

/**
 * What a planned change writes: the pin file and the files of generated/<cluster>/ that differ, as one
 * WriteSet (lib/transaction), so both change together or neither does, even if the process is killed.
 */
export function pinChangeWrites(change: PinChange): WriteSet {
  const tree = `${GENERATED_DIR}/${change.cluster}`;
  const wanted = new Map(change.files.map((file) => [file.path, file.content]));
  const { added, removed, changed } = change.difference;
  const generated = [...added, ...changed.map((entry) => entry.path)].sort();
  return {
    writes: [
      ...(change.changedPaths.includes(change.pinsFile)
        ? [{ path: change.pinsFile, content: change.pinsContent }]
        : []),
      ...change.specWrites,
      ...(change.bootstrapWrite === undefined ? [] : [change.bootstrapWrite]),
      ...generated.map((path) => ({ path: `${tree}/${path}`, content: wanted.get(path)! })),
    ],
    removals: removed.map((path) => `${tree}/${path}`),
  };
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
