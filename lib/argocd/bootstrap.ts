import type { ResolvedCluster } from '../model/resolved-app';
import { toYaml } from '../synth/serialize';
import { resolveArgoCdSettings } from './settings';
import { bootstrapProject, rootApplication } from './wiring';

/** `argocd/<cluster>-root.yaml`: what a person applies once, by hand, to hand a cluster over to Argo CD. */
export function bootstrapFilePath(cluster: string): string {
  return `argocd/${cluster}-root.yaml`;
}

/**
 * The content of `argocd/<cluster>-root.yaml`: the bootstrap AppProject and the root Application, the same
 * objects as in `generated/<cluster>/argocd/` (which then keep them up to date). A test keeps the two equal.
 */
export function bootstrapFileContent(cluster: ResolvedCluster): string {
  const settings = resolveArgoCdSettings(cluster.definition, cluster.file);
  const name = cluster.definition.name;
  const header = [
    `# Bootstrap of cluster "${name}": apply once after installing Argo CD (see argocd/README.md).`,
    `# Same objects as generated/${name}/argocd/appproject-bootstrap.yaml and application-root.yaml, which`,
    '# Argo CD keeps in sync from then on. test/argocd/bootstrap.test.ts fails when the two differ.',
    '',
  ].join('\n');
  return header + [bootstrapProject(settings), rootApplication(name, settings)].map(toYaml).join('---\n');
}
