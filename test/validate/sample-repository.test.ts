import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/project/load';
import { validateTree } from '../../lib/validate/validate-tree';
import { REPO_ROOT, SCHEMA_DIR } from './fixture-tree';

describe('the sample repository', () => {
  it('validates with zero errors for every cluster against shared/schemas', async () => {
    const project = await loadProject(REPO_ROOT);
    const report = await validateTree({
      repoRoot: REPO_ROOT,
      clusters: project.clusters.map((cluster) => cluster.definition),
      schemaDir: SCHEMA_DIR,
    });
    expect(report.clusters.map((cluster) => cluster.cluster)).toEqual(project.clusters.map((c) => c.definition.name));
    for (const cluster of report.clusters) expect(cluster.documents).toBeGreaterThan(0);
    expect(report.clusters.flatMap((cluster) => cluster.findings)).toEqual([]);
    expect(report.errorCount).toBe(0);
    // Every cluster of the repository, three or more: slow on a shared two-core machine.
  }, 180_000);
});
