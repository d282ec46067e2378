import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { loadProject, type Project } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { generateTree } from '../../lib/synth/generate';
import type { GeneratedFile } from '../../lib/synth/synthesize';
import { REPO_ROOT } from './repo-copy';

/** This repository as synth sees it, and what synth makes of it (in memory, nothing is written). */
export interface RepositoryOutput {
  readonly project: Project;
  readonly clusters: readonly ResolvedCluster[];
  /** Every file of generated/, paths `<cluster>/<folder>/<file>`. */
  readonly files: readonly GeneratedFile[];
}

let output: Promise<RepositoryOutput> | undefined;

/**
 * The real repository, loaded, resolved and synthesized once per test file (vitest isolates files), for tests
 * that check what really ships without paying for a synth each. Treat it as read-only.
 */
export function repositoryOutput(): Promise<RepositoryOutput> {
  output ??= (async () => {
    const project = await loadProject(REPO_ROOT);
    const clusters = resolveProject(project);
    return { project, clusters, files: generateTree(project, { resolved: clusters }) };
  })();
  return output;
}
