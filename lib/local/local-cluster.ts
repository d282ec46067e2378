import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { bootstrapFilePath } from '../argocd/bootstrap';
import { ConfigError } from '../errors';
import { isLocalCluster, type LocalClusterDefinition } from '../model/cluster';
import { loadProject } from '../project/load';

/** Where the scripts write a local cluster's config files (git-ignored): they are rendered from clusters/<name>.ts. */
export function localConfigDir(cluster: string): string {
  return join('.cache', 'local', cluster);
}

/** The local cluster a command works on: the one named, or the only one. */
export async function selectLocalCluster(
  root: string,
  name: string | undefined,
): Promise<{ definition: LocalClusterDefinition; file: string }> {
  const project = await loadProject(root);
  const local = project.clusters.filter((cluster) => isLocalCluster(cluster.definition));
  const names = local.map((cluster) => cluster.definition.name);
  if (name !== undefined) {
    const found = project.clusters.find((cluster) => cluster.definition.name === name);
    if (found === undefined || !isLocalCluster(found.definition)) {
      throw new ConfigError(
        { cluster: name, field: '--cluster' },
        found === undefined
          ? `unknown cluster; local clusters: ${names.join(', ') || 'none'}`
          : `${found.file} is not a local cluster (kind: ClusterKind.LOCAL); local clusters: ${names.join(', ') || 'none'}`,
      );
    }
    return { definition: found.definition, file: found.file };
  }
  if (local.length !== 1) {
    throw new ConfigError(
      { field: '--cluster' },
      local.length === 0
        ? 'no local cluster in clusters/ (a definition with kind: ClusterKind.LOCAL, see docs/local.md)'
        : `several local clusters (${names.join(', ')}); name one with --cluster <name>`,
    );
  }
  return { definition: local[0]!.definition as LocalClusterDefinition, file: local[0]!.file };
}

/** The Argo CD chart and values of `generated/<cluster>/argocd/application-argocd.yaml`: what the bootstrap installs. */
export function argoCdRelease(
  root: string,
  cluster: string,
): { chart: string; repoURL: string; version: string; values: unknown } {
  const file = join('generated', cluster, 'argocd', 'application-argocd.yaml');
  if (!existsSync(join(root, file)) || !existsSync(join(root, bootstrapFilePath(cluster)))) {
    throw new ConfigError({ file, cluster }, 'not generated yet; run `npm run synth` first');
  }
  const application = parse(readFileSync(join(root, file), 'utf8')) as {
    spec?: {
      source?: { chart?: string; repoURL?: string; targetRevision?: string; helm?: { valuesObject?: unknown } };
    };
  };
  const source = application.spec?.source ?? {};
  if (source.chart === undefined || source.repoURL === undefined || source.targetRevision === undefined) {
    throw new ConfigError(
      { file, cluster },
      'holds no Helm source (chart, repoURL, targetRevision); run `npm run synth`',
    );
  }
  return {
    chart: source.chart,
    repoURL: source.repoURL,
    version: source.targetRevision,
    values: source.helm?.valuesObject ?? {},
  };
}

/** Writes a config file under localConfigDir with a header naming its source; returns its path. */
export function writeLocalConfig(
  root: string,
  cluster: string,
  name: string,
  content: unknown,
  source: string,
): string {
  const dir = localConfigDir(cluster);
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(dir, name);
  writeFileSync(
    join(root, path),
    `# Written by npm run local:up from ${source}; do not edit (it is rewritten on every run).\n${stringify(content, { lineWidth: 0 })}`,
  );
  return path;
}
