import { ConfigError } from '../lib/errors';
import type { AppSpec } from '../lib/model/app-spec';
import type { ClusterDefinition } from '../lib/model/cluster';
import { loadProject } from '../lib/project/load';

/** The cluster definitions and app specs infra builds from. */
export interface InfraProject {
  readonly clusters: readonly ClusterDefinition[];
  readonly apps: Readonly<Record<string, AppSpec>>;
}

/**
 * The generator's own discovery (`loadProject`: `clusters/<name>.ts`, `apps/<name>/index.ts`, release pins),
 * reduced to what infra needs. A definition whose name differs from its file is refused, because infra
 * names every AWS resource after it.
 */
export async function loadInfraProject(root: string): Promise<InfraProject> {
  const project = await loadProject(root);
  const apps: Record<string, AppSpec> = {};
  for (const app of project.apps) {
    const folder = app.file.split('/')[1] ?? '';
    if (app.spec.name !== folder) {
      throw new ConfigError({ file: app.file, field: 'name' }, `expected defineApp({ name: "${folder}", ... })`);
    }
    apps[folder] = app.spec;
  }
  const clusters = project.clusters.map((cluster) => {
    const expected = cluster.file.replace(/^.*\//, '').replace(/\.ts$/, '');
    if (cluster.definition.name !== expected) {
      throw new ConfigError(
        { file: cluster.file, field: 'name' },
        `expected defineCluster({ name: "${expected}", ... }), got "${cluster.definition.name}"`,
      );
    }
    return cluster.definition;
  });
  return { clusters, apps };
}
