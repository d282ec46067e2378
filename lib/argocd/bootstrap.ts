import type { ResolvedCluster } from '../model/resolved-app';
import { toYaml } from '../synth/serialize';
import { resolveArgoCdSettings } from './settings';
import { bootstrapProject, rootApplication } from './wiring';

/** `argocd/<cluster>-root.yaml`: what a person applies once, by hand, to hand a cluster over to Argo CD. */
export function bootstrapFilePath(cluster: string): string {
  return `argocd/${cluster}-root.yaml`;
}

/**
 * The content of `argocd/<cluster>-root.yaml`: the bootstrap AppProject (also in `generated/<cluster>/argocd/`,
 * which keeps it up to date) and the root Application, which lives only here: it must not sync itself (see
 * rootApplication). A test keeps the project equal to the generated one.
 */
export function bootstrapFileContent(cluster: ResolvedCluster): string {
  const settings = resolveArgoCdSettings(cluster.definition, cluster.file);
  const name = cluster.definition.name;
  const header = [
    `# Bootstrap of cluster "${name}": apply once after installing Argo CD (see argocd/README.md).`,
    `# The AppProject equals generated/${name}/argocd/appproject-bootstrap.yaml (Argo CD keeps it in sync). The root`,
    '# Application is only here, outside the folder it syncs: re-apply this file when a merge changes it.',
    '',
  ].join('\n');
  return header + [bootstrapProject(settings), rootApplication(name, settings)].map(toYaml).join('---\n');
}
