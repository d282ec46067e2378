import { describe, expect, it } from 'vitest';
import { buildCacheRepositoryName, ecrRegistry, imagePushRoleArn, imageRepositoryUri } from '../../../lib/naming';
import { repositoryOutput } from '../../support/repository-output';
import { REPO_ROOT, runCli } from '../../support/repo-copy';
import { awsClustersOf } from '../../support/aws-clusters';
import { isAwsCluster } from '../../../lib/model/cluster';

describe('npm run pipeline:target', () => {
  it('prints where the pipeline pushes an app of a cluster, as $GITHUB_OUTPUT lines', async () => {
    const { clusters, project } = await repositoryOutput();
    const cluster = awsClustersOf(clusters).find((entry) => entry.definition.promotion === undefined)!;
    const app = cluster.apps.find((entry) => entry.image.startsWith(ecrRegistry(cluster.definition)))!;
    const result = await runCli(REPO_ROOT, 'pipeline-target', [
      '--cluster',
      cluster.definition.name,
      '--app',
      app.name,
    ]);
    expect(result.status).toBe(0);
    const registry = ecrRegistry(cluster.definition);
    expect(result.stdout.trim().split('\n')).toEqual([
      `region=${cluster.definition.awsRegion}`,
      `registry=${registry}`,
      `repository=${imageRepositoryUri(cluster.definition, project.apps.find((entry) => entry.spec.name === app.name)!.spec.imageRepository)}`,
      `cache=${registry}/${buildCacheRepositoryName(app.name)}`,
      `role-arn=${imagePushRoleArn(cluster.definition, app.name)}`,
    ]);
  });

  it('refuses an app the cluster does not run, naming the cluster file', async () => {
    const { clusters } = await repositoryOutput();
    const name = awsClustersOf(clusters)[0]!.definition.name;
    const result = await runCli(REPO_ROOT, 'pipeline-target', ['--cluster', name, '--app', 'no-such-app']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `clusters/${name}.ts: cluster "${name}", app "no-such-app": the cluster does not run this app; it runs: `,
    );
  });

  it('refuses a local cluster: it has no ECR and no pipeline role', async () => {
    const { clusters } = await repositoryOutput();
    const local = clusters.find((cluster) => !isAwsCluster(cluster.definition));
    if (local === undefined) return;
    const app = Object.keys(local.definition.apps)[0]!;
    const result = await runCli(REPO_ROOT, 'pipeline-target', ['--cluster', local.definition.name, '--app', app]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${local.file}: cluster "${local.definition.name}": a local cluster has no ECR or pipeline role; build and push its images by hand (docs/local.md)\n`,
    );
  });
});
