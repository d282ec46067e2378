import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInfraProject } from '../../infra/project';
import { REPOSITORY_APPS, REPOSITORY_CLUSTERS } from '../support/sample';
import { loadProject } from '../../lib/project/load';
import { awsClustersOf } from '../support/aws-clusters';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('loadInfraProject', () => {
  it('finds every AWS cluster definition and app spec of the repository, and no local cluster', async () => {
    const project = await loadInfraProject(ROOT);
    const local = awsClustersOf((await loadProject(ROOT)).clusters).map((cluster) => cluster.definition.name);
    expect(project.clusters.map((cluster) => cluster.name)).toEqual(
      REPOSITORY_CLUSTERS.filter((name) => local.includes(name)),
    );
    expect(project.clusters.every((cluster) => typeof cluster.awsAccountId === 'string')).toBe(true);
    expect(Object.keys(project.apps)).toEqual(REPOSITORY_APPS);
  });

  it('rejects a cluster file whose definition has another name', async () => {
    await expect(loadInfraProject(join(ROOT, 'test/infra/fixtures/project-bad'))).rejects.toThrow(
      'clusters/stage.ts: name: expected defineCluster({ name: "stage", ... }), got "staging"',
    );
  });
});
