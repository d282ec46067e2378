import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktn';
import { ConfigError } from '../lib/errors';
import { accountOwners } from './ci-stacks';
import { loadInfraProject } from './project';
import { DnsStack } from './stacks/dns-stack';
import { EnvironmentStack, TARGET_VERSIONS } from './stacks/environment-stack';
import { type Phase, PHASES, stackName } from './stacks/stack-base';
import type { AwsClusterDefinition } from '../lib/model/cluster';

/** Where infra:synth writes and infra:check reads the synthesized stacks. */
export function stacksOutDir(root: string): string {
  return join(root, 'infra', 'cdktf.out');
}

/** A stack infra:synth wrote: its name, cluster and phase. */
export interface SynthesizedStack {
  readonly name: string;
  readonly cluster: AwsClusterDefinition;
  readonly phase: Phase;
}

/**
 * Synthesizes both stacks (phase 1: the zone, phase 2: the rest) of the selected clusters, or of every cluster,
 * into infra/cdktf.out (replacing what was there). Returns the stacks written, in cluster order.
 */
export async function synthesizeStacks(root: string, clusters: readonly string[] = []): Promise<SynthesizedStack[]> {
  const project = await loadInfraProject(root);
  const known = project.clusters.map((cluster) => cluster.name);
  const unknown = clusters.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      { field: '--cluster' },
      `unknown cluster ${unknown.join(', ')}; known clusters: ${known.join(', ')}`,
    );
  }
  const selected = project.clusters.filter((cluster) => clusters.length === 0 || clusters.includes(cluster.name));
  const outdir = stacksOutDir(root);
  rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, stackTraces: false, context: { targetVersions: TARGET_VERSIONS } });
  // From all clusters, not only the selected ones: ownership must not change with the selection.
  const owners = accountOwners(project.clusters);
  for (const cluster of selected) {
    // Phase 1 (the zone) and phase 2 (everything else): applied in that order, see infra/README.md.
    new DnsStack(app, stackName(cluster, 'dns'), { cluster });
    new EnvironmentStack(app, stackName(cluster, 'main'), {
      cluster,
      apps: project.apps,
      ownsAccountResources: owners.has(cluster.name),
    });
  }
  app.synth();
  return selected.flatMap((cluster) => PHASES.map((phase) => ({ name: stackName(cluster, phase), cluster, phase })));
}
