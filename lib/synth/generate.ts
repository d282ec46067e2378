import { join } from 'node:path';
import type { Project } from '../project/load';
import type { ResolvedCluster } from '../model/resolved-app';
import { resolveProject } from '../project/resolve';
import type { UnitProvider } from './output-unit';
import { UNIT_PROVIDERS } from './providers';
import { type GeneratedFile, synthesizeClusters } from './synthesize';
import { readTree } from './write-tree';

export const GENERATED_DIR = 'generated';

export interface GenerateOptions {
  /** Regenerate only these clusters; the others keep their files as they are. @default every cluster */
  readonly clusters?: readonly string[];
  readonly providers?: readonly UnitProvider[];
  /** The project already resolved for these clusters, when the caller needed it too. @default resolved here */
  readonly resolved?: readonly ResolvedCluster[];
}

/**
 * The complete wanted content of generated/ for a project. Throws ConfigErrors (and renders nothing) when
 * the project has problems. Clusters that were not selected keep what is on disk; clusters that no longer
 * exist are dropped when every cluster is regenerated.
 */
export function generateTree(project: Project, options: GenerateOptions = {}): GeneratedFile[] {
  const clusters = options.resolved ?? resolveProject(project, { clusters: options.clusters });
  const files = synthesizeClusters(clusters, options.providers ?? UNIT_PROVIDERS);
  if (options.clusters === undefined) return files;
  const selected = new Set(options.clusters);
  const kept = readTree(join(project.root, GENERATED_DIR)).filter((file) => !selected.has(file.path.split('/')[0]!));
  return [...kept, ...files].sort((a, b) => (a.path < b.path ? -1 : 1));
}
