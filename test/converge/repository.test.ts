import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../lib/converge/format';
import { convergeCluster } from '../../lib/converge/run-converge';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { REPO_ROOT, runCli } from '../support/repo-copy';
import { isLocalCluster } from '../../lib/model/cluster';
import { LOCAL_SECRET_STORE_NAME } from '../../lib/naming';

const clusters = resolveProject(await loadProject(REPO_ROOT));

describe('converge on the repository', () => {
  it.each(clusters.map((cluster) => [cluster.definition.name, cluster] as const))(
    '%s: the first sync of generated/ converges, every unit after what it needs',
    (_, cluster) => {
      const result = convergeCluster(REPO_ROOT, cluster);
      expect(result.problems.map(formatProblem)).toEqual([]);
      // Every unit of the cluster's tree was synced: one root step per sync wave, in ascending order.
      const waves = result.timeline.filter((step) => step.depth === 0).map((step) => step.wave);
      expect(waves).toEqual([...waves].sort((a, b) => a - b));
      expect(result.objects).toBeGreaterThan(0);
      const available = result.timeline.flatMap((step) => step.available).join('\n');
      if (isLocalCluster(cluster.definition)) {
        // k3s bundles the StorageClass and metrics-server; secrets come through the local store.
        expect(available).toContain(`ClusterSecretStore ${LOCAL_SECRET_STORE_NAME}`);
        expect(available).not.toContain('ebs.csi.aws.com');
        return;
      }
      // What issue 11 found missing on a first sync is there, before the apps.
      expect(available).toMatch(/default StorageClass \S+ \(ebs\.csi\.aws\.com\)/);
      expect(available).toContain('APIService v1beta1.metrics.k8s.io');
      expect(available).toContain('webhook cert-manager-webhook running');
    },
  );

  it('the command prints the timeline and exits 0; --quiet prints only the summary', async () => {
    const name = clusters[0]!.definition.name;
    const full = await runCli(REPO_ROOT, 'converge', ['--cluster', name]);
    expect(full.status).toBe(0);
    expect(full.stdout).toContain(`cluster ${name}: first sync of generated/${name}\n`);
    expect(full.stdout).toMatch(new RegExp(`cluster ${name}: \\d+ Applications, \\d+ objects, converges\\n$`));
    const quiet = await runCli(REPO_ROOT, 'converge', ['--cluster', name, '--quiet']);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown cluster with exit 1 and the clusters there are', async () => {
    const result = await runCli(REPO_ROOT, 'converge', ['--cluster', 'nowhere']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nowhere');
  });
});
