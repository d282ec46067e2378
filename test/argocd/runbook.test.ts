import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsidePrerequisites } from '../../lib/converge/assumptions';
import { infraFacts } from '../../lib/converge/infra-facts';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { REPO_ROOT } from '../support/repo-copy';
import { awsClustersOf } from '../support/aws-clusters';
import { isLocalCluster } from '../../lib/model/cluster';

const runbook = readFileSync(join(REPO_ROOT, 'argocd/README.md'), 'utf8');
// A local cluster's first sync is docs/local.md's onboarding path, not the EKS bootstrap.
const localRunbook = readFileSync(join(REPO_ROOT, 'docs/local.md'), 'utf8');
const clusters = resolveProject(await loadProject(REPO_ROOT));

describe('argocd/README.md, the bootstrap runbook', () => {
  it.each(clusters.map((cluster) => [cluster.definition.name, cluster] as const))(
    '%s: names every prerequisite from outside generated/ that npm run converge assumes',
    (_, cluster) => {
      const prerequisites = outsidePrerequisites(cluster.definition, infraFacts(cluster));
      expect(prerequisites.length).toBeGreaterThan(0);
      const text = isLocalCluster(cluster.definition) ? localRunbook : runbook;
      const missing = prerequisites.filter((prerequisite) => !text.includes(prerequisite.runbookTerm));
      expect(missing.map((prerequisite) => `${prerequisite.what}: add "${prerequisite.runbookTerm}"`)).toEqual([]);
    },
  );

  it('lists the steps in the order a first deployment runs them', () => {
    const steps = [
      '**Infra phase 1**',
      '**DNS delegation**',
      '**Infra phase 2**',
      '**Access entries**',
      '**Secret values**',
      '**First images in ECR**',
      '**Install Argo CD**',
      '**Hand the cluster over**',
    ].map((step) => runbook.indexOf(step));
    expect(steps.every((index) => index >= 0)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('fails the cross-check for a prerequisite it does not name', () => {
    const [cluster] = awsClustersOf(clusters);
    const facts = infraFacts(cluster!);
    const extra = outsidePrerequisites(cluster!.definition, {
      ...facts,
      podIdentityAssociations: [{ namespace: 'unlisted', serviceAccount: 'unlisted', roleName: 'x-unlisted' }],
    });
    expect(
      extra.filter((prerequisite) => !runbook.includes(prerequisite.runbookTerm)).map((p) => p.runbookTerm),
    ).toEqual(['unlisted/unlisted']);
  });
});
