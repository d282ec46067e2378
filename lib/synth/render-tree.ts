import { join } from 'node:path';
import { bootstrapFileContent, bootstrapFilePath } from '../argocd/bootstrap';
import { ProblemList } from '../errors';
import type { ResolvedCluster } from '../model/resolved-app';
import type { Project } from '../project/load';
import { resolveProject } from '../project/resolve';
import { type RenderSource, renderSource } from '../platform-revision/render-source';
import { renderAtRevision } from '../platform-revision/worktree-render';
import { GENERATED_DIR } from './generate';
import { type GeneratedFile, synthesizeClusters } from './synthesize';
import { readTree } from './write-tree';

export interface RenderTreeOptions {
  /** Regenerate only these clusters; the others keep their files as they are. @default every cluster */
  readonly clusters?: readonly string[];
  /**
   * With `clusters`, also return the other clusters' files as they are on disk (a complete generated/).
   * A caller that writes only the selected clusters (a promotion) turns it off. @default true
   */
  readonly includeOthers?: boolean;
}

/** What synth writes for a project. */
export interface RenderedTree {
  /** The complete wanted content of generated/ (paths relative to it), sorted. */
  readonly files: readonly GeneratedFile[];
  /** `argocd/<cluster>-root.yaml` of every rendered cluster (paths relative to the root). */
  readonly bootstrap: readonly GeneratedFile[];
  /** The clusters rendered by this process's code. */
  readonly resolved: readonly ResolvedCluster[];
  /** Per rendered cluster: the platform revision that rendered it in a worktree, or undefined (this process). */
  readonly revisions: Readonly<Record<string, string | undefined>>;
}

/**
 * The wanted content of generated/: ungated clusters rendered by the code of this process, gated clusters by
 * the generator at their promoted platform revision (this process when it is that code, else a worktree of
 * the revision, see lib/platform-revision/). Throws ConfigErrors, rendering nothing, on any problem.
 */
export async function renderTree(project: Project, options: RenderTreeOptions = {}): Promise<RenderedTree> {
  const problems = new ProblemList();
  const names = options.clusters ?? project.clusters.map((cluster) => cluster.definition.name);
  const sources = new Map<string, RenderSource>();
  for (const cluster of project.clusters) {
    if (!names.includes(cluster.definition.name)) continue;
    try {
      sources.set(cluster.definition.name, renderSource(project.root, cluster));
    } catch (error) {
      problems.absorb(error);
    }
  }
  // Unknown names stay in so that resolveProject reports them.
  const inProcess = names.filter((name) => sources.get(name)?.kind !== 'revision');
  let resolved: ResolvedCluster[] = [];
  try {
    resolved = inProcess.length === 0 ? [] : resolveProject(project, { clusters: inProcess });
  } catch (error) {
    problems.absorb(error);
  }
  problems.throwIfAny();

  const files: GeneratedFile[] = synthesizeClusters(resolved);
  const bootstrap: GeneratedFile[] = resolved.map((cluster) => ({
    path: bootstrapFilePath(cluster.definition.name),
    content: bootstrapFileContent(cluster),
  }));
  const revisions: Record<string, string | undefined> = Object.fromEntries(inProcess.map((name) => [name, undefined]));
  for (const cluster of project.clusters) {
    const name = cluster.definition.name;
    const source = sources.get(name);
    if (source?.kind !== 'revision') continue;
    const output = await renderAtRevision(project.root, name, cluster.file, source.lock, source.inputs);
    files.push(...output.files.map((file) => ({ path: `${name}/${file.path}`, content: file.content })));
    if (output.bootstrap !== undefined) bootstrap.push({ path: bootstrapFilePath(name), content: output.bootstrap });
    revisions[name] = source.lock.revision;
  }
  if (options.clusters !== undefined && options.includeOthers !== false) {
    const selected = new Set(options.clusters);
    files.push(
      ...readTree(join(project.root, GENERATED_DIR)).filter((file) => !selected.has(file.path.split('/')[0]!)),
    );
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  bootstrap.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, bootstrap, resolved, revisions };
}
