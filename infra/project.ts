import { ConfigError, ConfigErrors } from '../lib/errors';
import type { AppSpec } from '../lib/model/app-spec';
import { type AwsClusterDefinition, type ClusterDefinition, isAwsCluster } from '../lib/model/cluster';
import type { ReleasePins } from '../lib/model/release-pins';
import { loadProject } from '../lib/project/load';
import { isReleaseTag, RELEASE_TAG_PATTERNS } from './constructs/image-repositories';
import { stackName } from './stacks/stack-base';

/** The cluster definitions and app specs infra builds from. */
export interface InfraProject {
  /** The AWS clusters only: a local cluster (ClusterKind.LOCAL) has no AWS side, so infra has no stack for it. */
  readonly clusters: readonly AwsClusterDefinition[];
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
  const awsClusters = project.clusters.filter(
    (cluster): cluster is typeof cluster & { definition: AwsClusterDefinition } => isAwsCluster(cluster.definition),
  );
  const clusters = awsClusters.map((cluster) => {
    const expected = cluster.file.replace(/^.*\//, '').replace(/\.ts$/, '');
    if (cluster.definition.name !== expected) {
      throw new ConfigError(
        { file: cluster.file, field: 'name' },
        `expected defineCluster({ name: "${expected}", ... }), got "${cluster.definition.name}"`,
      );
    }
    return cluster.definition;
  });
  const problems = [...pinsOutsideReleaseTags(awsClusters), ...stackNameClashes(clusters)];
  if (problems.length > 0) throw new ConfigErrors(problems);
  return { clusters, apps };
}

/**
 * ECR keeps release tags only (image-repositories.ts lifecycleRules): a pin on any other tag could expire
 * with its image, and a rollback to it would fail. Refused here, before anything is applied.
 */
export function pinsOutsideReleaseTags(
  clusters: readonly { file: string; pinsFile: string; definition: ClusterDefinition; pins: ReleasePins }[],
): ConfigError[] {
  return clusters.flatMap((cluster) =>
    Object.entries(cluster.pins)
      .filter(([, pin]) => !isReleaseTag(pin.tag))
      .map(
        ([app, pin]) =>
          new ConfigError(
            { file: cluster.pinsFile, cluster: cluster.definition.name, field: `apps.${app}.tag` },
            `tag "${pin.tag}" is not a release tag (${RELEASE_TAG_PATTERNS.join(', ')}, e.g. "1.4.2"): ` +
              'ECR expires other tags; release a version tag',
          ),
      ),
  );
}

/** Phase stacks share cdktf.out/stacks: a cluster named like another's dns stack would overwrite it. */
function stackNameClashes(clusters: readonly AwsClusterDefinition[]): ConfigError[] {
  const names = new Set(clusters.map((cluster) => cluster.name));
  return clusters
    .filter((cluster) => names.has(stackName(cluster, 'dns')))
    .map(
      (cluster) =>
        new ConfigError(
          { file: `clusters/${stackName(cluster, 'dns')}.ts`, field: 'name' },
          `the name clashes with the dns stack of cluster "${cluster.name}"; rename the cluster`,
        ),
    );
}
