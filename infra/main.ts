/**
 * `npm run infra:synth [-- <cluster>...]`: one Terraform stack per cluster, written to
 * infra/cdktf.out/stacks/<cluster>/cdk.tf.json. Offline: no terraform, no providers, no AWS credentials.
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'cdktn';
import { ConfigError, ConfigErrors } from '../lib/errors';
import { accountOwners } from './ci-stacks';
import { loadInfraProject } from './project';
import { DnsStack } from './stacks/dns-stack';
import { EnvironmentStack, TARGET_VERSIONS } from './stacks/environment-stack';
import { stackName } from './stacks/stack-base';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTDIR = join(ROOT, 'infra', 'cdktf.out');

async function main(argv: readonly string[]): Promise<void> {
  const project = await loadInfraProject(ROOT);
  const known = project.clusters.map((cluster) => cluster.name);
  const unknown = argv.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError({}, `unknown cluster ${unknown.join(', ')}; known clusters: ${known.join(', ')}`);
  }
  const selected = project.clusters.filter((cluster) => argv.length === 0 || argv.includes(cluster.name));
  rmSync(OUTDIR, { recursive: true, force: true });
  const app = new App({ outdir: OUTDIR, stackTraces: false, context: { targetVersions: TARGET_VERSIONS } });
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
  for (const cluster of selected) {
    for (const phase of ['dns', 'main'] as const) {
      console.log(`infra: ${join('infra', 'cdktf.out', 'stacks', stackName(cluster, phase), 'cdk.tf.json')}`);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ConfigErrors) {
    console.error(`infra:synth: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
