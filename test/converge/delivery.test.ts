import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapFileContent, bootstrapFilePath } from '../../lib/argocd/bootstrap';
import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { convergeCluster } from '../../lib/converge/run-converge';
import { formatProblem } from '../../lib/converge/format';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { resolveCluster, webService } from '../platform/fixtures';
import { oneAppPerStrategy, rolloutsCluster } from '../support/delivery';
import { removeTempTrees, tempTree } from '../support/temp-tree';

afterEach(removeTempTrees);

/** A repository holding the cluster's generated files (all, or those `keep` accepts) and its bootstrap root. */
function repository(cluster: ResolvedCluster, keep: (path: string) => boolean = () => true): string {
  const files = synthesizeCluster(cluster).filter((file) => keep(file.path));
  return tempTree({
    ...Object.fromEntries(files.map((file) => [`generated/${file.path}`, file.content])),
    [bootstrapFilePath(cluster.definition.name)]: bootstrapFileContent(cluster),
  });
}

describe('converge with Argo Rollouts', () => {
  it('a first sync converges: the Rollouts CRDs exist before any app applies a Rollout or AnalysisTemplate', () => {
    const cluster = resolveCluster(rolloutsCluster(), oneAppPerStrategy(webService, { smoke: { path: '/ready' } }));
    const result = convergeCluster(repository(cluster), cluster);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const crds = result.timeline.findIndex((step) =>
      step.available.some((fact) => fact.startsWith('CRDs argoproj.io')),
    );
    const firstRollout = result.timeline.findIndex((step) =>
      step.applies.some((what) => /Rollout|AnalysisTemplate/.test(what)),
    );
    expect(crds).toBeGreaterThanOrEqual(0);
    expect(firstRollout).toBeGreaterThan(crds);
    expect(result.timeline[crds]!.application).toContain('helm-argo-rollouts');
  });

  it('a Rollout without Argo Rollouts on the cluster is a converge problem, not a silent failure', () => {
    const cluster = resolveCluster(rolloutsCluster(), [webService({ delivery: { strategy: 'canary' } })]);
    const root = repository(
      cluster,
      (path) => !path.includes('/rollouts/') && !path.endsWith('application-rollouts.yaml'),
    );
    const problems = convergeCluster(root, cluster).problems.map(formatProblem).join('\n');
    expect(problems).toMatch(/Rollout gateway\/gateway[\s\S]*argoproj\.io\/Rollout/);
  });
});
