import { describe, expect, it } from 'vitest';
import { buildCacheRepositoryName, ecrRegistry, imagePushRoleArn, imageRepositoryUri } from '../../../lib/naming';
import { repositoryOutput } from '../../support/repository-output';
import { REPO_ROOT, runCli } from '../../support/repo-copy';

describe('npm run pipeline:target', () => {
  it('prints where the pipeline pushes an app of a cluster, as $GITHUB_OUTPUT lines', async () => {
    const { clusters, project } = await repositoryOutput();
    const cluster = clusters.find((entry) => entry.definition.promotion === undefined)!;
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
    const name = clusters[0]!.definition.name;
    const result = await runCli(REPO_ROOT, 'pipeline-target', ['--cluster', name, '--app', 'no-such-app']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `clusters/${name}.ts: cluster "${name}", app "no-such-app": the cluster does not run this app; it runs: `,
    );
  });
});
