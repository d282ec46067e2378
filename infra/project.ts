import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../lib/errors';
import type { AppSpec } from '../lib/model/app-spec';
import type { ClusterDefinition } from '../lib/model/cluster';

/** The cluster definitions and app specs infra builds from. */
export interface InfraProject {
  readonly clusters: readonly ClusterDefinition[];
  readonly apps: Readonly<Record<string, AppSpec>>;
}

/**
 * Finds `clusters/<name>.ts` and `apps/<name>/index.ts` under the repository root and imports their default
 * exports. (The generator's own loader, when it exists, does the same with full validation.)
 */
export async function loadInfraProject(root: string): Promise<InfraProject> {
  const clusterFiles = readdirSync(join(root, 'clusters'))
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const clusters: ClusterDefinition[] = [];
  for (const file of clusterFiles) {
    const definition = await defaultExport<ClusterDefinition>(join(root, 'clusters', file));
    const expected = file.slice(0, -'.ts'.length);
    if (definition?.name !== expected) {
      throw new ConfigError(
        { file: `clusters/${file}`, field: 'name' },
        `expected a default export defineCluster({ name: "${expected}", ... })`,
      );
    }
    clusters.push(definition);
  }
  const apps: Record<string, AppSpec> = {};
  for (const folder of readdirSync(join(root, 'apps')).sort()) {
    const file = join(root, 'apps', folder, 'index.ts');
    if (!existsSync(file)) continue;
    const spec = await defaultExport<AppSpec>(file);
    if (spec?.name !== folder) {
      throw new ConfigError(
        { file: `apps/${folder}/index.ts`, field: 'name' },
        `expected a default export defineApp({ name: "${folder}", ... })`,
      );
    }
    apps[folder] = spec;
  }
  return { clusters, apps };
}

async function defaultExport<T>(file: string): Promise<T | undefined> {
  const module = (await import(pathToFileURL(file).href)) as { default?: T };
  return module.default;
}
