import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_TABLE_PATH, clusterTableContent } from '../../lib/synth/cluster-table';
import { REPO_ROOT } from '../support/repo-copy';
import { repositoryOutput } from '../support/repository-output';
import { isAwsCluster } from '../../lib/model/cluster';

describe('docs/clusters.md', () => {
  it('is what synth writes: one row per cluster of clusters/, with its identity and apps', async () => {
    const { project } = await repositoryOutput();
    const text = readFileSync(join(REPO_ROOT, CLUSTER_TABLE_PATH), 'utf8');
    expect(text).toBe(clusterTableContent(project));
    const rows = text.split('\n').filter((line) => line.startsWith('| ['));
    expect(rows).toHaveLength(project.clusters.length);
    for (const { definition, file } of project.clusters) {
      const row = rows.find((line) => line.startsWith(`| [${definition.name}](../${file}) |`));
      expect(row, definition.name).toBeDefined();
      const identity = isAwsCluster(definition)
        ? [definition.awsAccountId, definition.awsRegion, definition.vpcCidr, definition.baseDomain]
        : ['none (local k3d cluster)', definition.baseDomain];
      for (const value of identity) expect(row).toContain(` ${value}`);
      expect(row).not.toContain('undefined');
      expect(row).toContain(
        definition.promotion === undefined ? '| merge |' : `| promotion from ${definition.promotion.from} |`,
      );
    }
  });
});
